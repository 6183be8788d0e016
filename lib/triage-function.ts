import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { type IRole, ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import {
  type BundlingOptions,
  NodejsFunction,
  type NodejsFunctionProps,
  OutputFormat,
} from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { BuildOptions } from 'esbuild';
import { acknowledgeControl, CONTROL_TOWER_RULES } from './control-tower.js';

/** The repository root: entries, the lock file and `tsconfig.json` are found from here. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The one runtime every triage Lambda uses: the current Node.js runtime (nodejs22.x is
 * deprecated on 2027-04-30). Node 24 refuses 3-argument callback handlers; ours take two.
 */
export const TRIAGE_RUNTIME = Runtime.NODEJS_24_X;

/**
 * Node flags the functions run with (`NODE_OPTIONS`); the bundle bench starts `node` with the
 * same ones so its cold-import figure is the one Lambda pays. Source maps make stack traces in
 * the logs point at `functions/…/*.ts` instead of minified columns.
 */
export const TRIAGE_NODE_OPTIONS = ['--enable-source-maps'] as const;

/**
 * How every triage Lambda is bundled: the single definition behind both {@link TriageFunction}
 * and `bench/bundles.ts` (through {@link triageEsbuildOptions}).
 *
 * - ESM, preferring packages' ES builds (`mainFields`), minified, with linked source maps whose
 *   sources are left out (a stack trace needs the mappings, not the text).
 * - `.sh` files load as text (the CLI's bundle carries the capture script; the Lambdas send the
 *   stack's SSM document instead and bundle no script).
 * - The AWS SDK v3 is bundled (nothing is external), although the runtime ships one:
 *   - the Lambda then runs the SDK release in our lock file, the one the tests mock, not
 *     whichever release the runtime carries that month;
 *   - tree-shaken ES modules load about 3× faster than the runtime's per-package CommonJS
 *     builds: `npm run bench` measured a 180 ms cold import bundled against 530 ms external,
 *     for bundles of 1.5–1.7 MB instead of 0.5–0.7 MB. These functions start cold on almost
 *     every alarm, so the import time counts and the megabyte does not.
 *   The price: SDK fixes reach the functions through our lock file, not through AWS.
 * - A `createRequire` banner: the Slack SDK and Bolt are CommonJS and call `require('node:os')`
 *   and friends, which esbuild turns into a shim that throws "Dynamic require of … is not
 *   supported" in an ES module; a real `require` makes the shim work (a test loads every
 *   bundle in a fresh Node to prove it).
 * - Local esbuild only: `cdk synth` must never try Docker.
 */
export const REQUIRE_BANNER =
  "import { createRequire as __alertTriageCreateRequire } from 'node:module'; " +
  'const require = __alertTriageCreateRequire(import.meta.url);';

export const TRIAGE_BUNDLING = {
  format: OutputFormat.ESM,
  banner: REQUIRE_BANNER,
  mainFields: ['module', 'main'],
  target: TRIAGE_RUNTIME.name.replace(/^nodejs(\d+).*$/, 'node$1'),
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  loader: { '.sh': 'text' } as const,
  bundleAwsSDK: true,
  externalModules: [],
  forceDockerBundling: false,
} satisfies BundlingOptions;

/** The same options as {@link TRIAGE_BUNDLING}, in esbuild's own words (for the bundle bench). */
export const triageEsbuildOptions = (): BuildOptions => ({
  bundle: true,
  platform: 'node',
  format: TRIAGE_BUNDLING.format === OutputFormat.ESM ? 'esm' : 'cjs',
  mainFields: [...TRIAGE_BUNDLING.mainFields],
  target: TRIAGE_BUNDLING.target,
  minify: TRIAGE_BUNDLING.minify,
  sourcemap: TRIAGE_BUNDLING.sourceMap,
  sourcesContent: TRIAGE_BUNDLING.sourcesContent,
  loader: { ...TRIAGE_BUNDLING.loader },
  banner: { js: TRIAGE_BUNDLING.banner },
  external: [...TRIAGE_BUNDLING.externalModules],
  tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)),
  logLevel: 'warning',
});

/**
 * Fails at construction, with a clear message, when esbuild is not installed next to
 * aws-cdk-lib: `NodejsFunction` would otherwise build a Docker image to bundle in.
 */
const assertLocalEsbuild = (scope: Construct): void => {
  try {
    createRequire(import.meta.url).resolve('esbuild');
  } catch {
    throw new Error(
      `${scope.node.path}: esbuild is not installed; alert-triage bundles with the local esbuild ` +
        'and never in Docker. Run `npm ci` in the project root.',
    );
  }
};

export interface TriageFunctionProps extends Omit<NodejsFunctionProps, 'entry' | 'logGroup'> {
  /** The handler module, absolute or relative to the project root (`functions/alarm/handler.ts`). */
  readonly entry: string;
  /**
   * How long the function's logs are kept (Control Tower asks for a year or more).
   * @default RetentionDays.ONE_YEAR
   */
  readonly logRetention?: RetentionDays;
  /**
   * The customer managed key the log group is encrypted with. Its key policy must let the
   * CloudWatch Logs service principal use it.
   * @default - CloudWatch Logs' own encryption
   */
  readonly logEncryptionKey?: IKey;
  /**
   * What happens to the log group when the function is removed.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * A `NodejsFunction` with the house defaults: arm64, {@link TRIAGE_RUNTIME}, the
 * {@link TRIAGE_BUNDLING} bundle, a log group of its own with a retention, a role that may write
 * only to that log group (no AWS managed policy outside a VPC), 30 s and 512 MB. Props given by the caller win;
 * `environment` and `bundling` are merged with the defaults.
 *
 * @example
 * new TriageFunction(this, 'Alarm', { entry: 'functions/alarm/handler.ts' });
 */
export class TriageFunction extends NodejsFunction {
  /**
   * The function's execution role. It sits beside the function in the construct tree, so
   * acknowledge findings about the role's policy here, not on the function.
   */
  readonly serviceRole: IRole;

  constructor(scope: Construct, id: string, props: TriageFunctionProps) {
    const {
      entry,
      logRetention = RetentionDays.ONE_YEAR,
      logRemovalPolicy = RemovalPolicy.RETAIN,
      logEncryptionKey,
      ...rest
    } = props;
    const forceDocker = rest.bundling?.forceDockerBundling ?? TRIAGE_BUNDLING.forceDockerBundling;
    if (!forceDocker) assertLocalEsbuild(scope);

    // Created before super(): a construct cannot have children before it exists, so these sit
    // beside the function in the scope, named after it.
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: logRetention,
      removalPolicy: logRemovalPolicy,
      ...(logEncryptionKey ? { encryptionKey: logEncryptionKey } : {}),
    });
    if (!logEncryptionKey) {
      acknowledgeControl(
        logGroup,
        CONTROL_TOWER_RULES.logGroupEncrypted,
        'No customer managed key was given (prop encryptionKey): the logs are encrypted at rest ' +
          'by CloudWatch Logs itself. Give a key to have them encrypted with it.',
      );
    }
    const role =
      rest.role ??
      new Role(scope, `${id}Role`, {
        assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
        description: `Runs the ${id} triage function`,
      });

    super(scope, id, {
      architecture: Architecture.ARM_64,
      runtime: TRIAGE_RUNTIME,
      memorySize: 512,
      timeout: Duration.seconds(30),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: fileURLToPath(new URL('../package-lock.json', import.meta.url)),
      ...rest,
      entry: resolve(PROJECT_ROOT, entry),
      handler: rest.handler ?? 'handler',
      role,
      logGroup,
      environment: {
        NODE_OPTIONS: TRIAGE_NODE_OPTIONS.join(' '),
        ...rest.environment,
      },
      bundling: { ...TRIAGE_BUNDLING, ...rest.bundling },
    });

    this.serviceRole = role;

    // In place of AWSLambdaBasicExecutionRole (logs:* on every group): this group only.
    logGroup.grants.write(this);

    if (rest.vpc) {
      // Lambda adds this policy to the roles it creates; this role is ours. Creating and deleting
      // the function's network interfaces takes EC2 calls that IAM cannot narrow to a resource.
      role.addManagedPolicy(
        ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaVPCAccessExecutionRole'),
      );
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
        reason:
          'The function runs in the VPC it was given: Lambda needs ec2:CreateNetworkInterface, ' +
          'DescribeNetworkInterfaces, DeleteNetworkInterface and friends, which AWS keeps in ' +
          'this policy and which support no resource-level permissions.',
      });
    } else {
      acknowledgeControl(
        this,
        CONTROL_TOWER_RULES.lambdaInsideVpc,
        'No VPC was given (props vpc, vpcSubnets): the function reaches AWS APIs and Slack over ' +
          'the Lambda service network and serves no private resource. Give a VPC (with a NAT ' +
          'gateway or endpoints for Slack and the AWS APIs) to run it there.',
      );
    }
  }
}
