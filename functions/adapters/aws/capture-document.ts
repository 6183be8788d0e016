/**
 * The content of the stack's own SSM Command document, which carries the capture script. It
 * replaces `AWS-RunShellScript`, whose `commands` parameter IAM cannot constrain: whoever may send
 * this document can only choose among the values its parameters allow, and the script is fixed
 * when the stack is deployed. Built at synth time (`lib/alert-triage.ts` reads `capture.sh`);
 * {@link CAPTURE_PARAMETERS} are the names the SSM executor sends.
 *
 * Document syntax: SSM "Command document schema 2.2" (`parameters` with `allowedPattern` /
 * `allowedValues`, `mainSteps` with `precondition`); the `aws:runShellScript` step takes
 * `runCommand` and `timeoutSeconds` as in `AWS-RunShellScript`.
 */
import {
  DEEP_MODES,
  MAX_SECONDS,
  MAX_STRACE_SECONDS,
  MIN_SECONDS,
  MIN_STRACE_SECONDS,
} from '../../capture-script/options.js';

/** The document's parameters, by the names SendCommand's `Parameters` use. */
export const CAPTURE_PARAMETERS = {
  seconds: 'seconds',
  deep: 'deep',
  straceSeconds: 'straceSeconds',
  pid: 'pid',
  executionTimeout: 'executionTimeout',
} as const;

/**
 * What each numeric parameter may be. SSM refuses, before anything reaches the host, a
 * SendCommand whose value does not match (`InvalidParameters`); the script checks them again.
 * The ranges are the script's own (`MIN_SECONDS`…); the tests hold the two together.
 */
export const CAPTURE_PARAMETER_PATTERNS = {
  /** 3–60, no leading zero. */
  seconds: '^([3-9]|[1-5][0-9]|60)$',
  /** 2–20. */
  straceSeconds: '^([2-9]|1[0-9]|20)$',
  /** Empty (the script picks the hottest process) or a process id of 1–7 digits. */
  pid: '^([1-9][0-9]{0,6})?$',
  /** 10–999 s: the executor asks for the window plus the deep probe plus slack (48–145 s). */
  executionTimeout: '^[1-9][0-9]{1,2}$',
} as const;

/** The script is fed to bash on stdin; this word must not be a line of the script. */
export const HEREDOC_DELIMITER = 'ALERT_TRIAGE_CAPTURE_SCRIPT_END';

/** SSM's limit on a document's content ("The size limit of a document is 64 KB"). */
export const DOCUMENT_SIZE_LIMIT_BYTES = 64 * 1024;

const { seconds, deep, straceSeconds, pid, executionTimeout } = CAPTURE_PARAMETERS;

/**
 * The step's shell lines. The agent writes `runCommand` into `_script.sh` and runs it with `sh`
 * (aws/amazon-ssm-agent `agent/plugins/runscript`), so the wrapper is plain POSIX sh (dash on
 * Ubuntu); the quoted here-document hands the script to bash untouched, and bash's exit code
 * becomes the invocation's. SSM substitutes `{{ name }}` with values already held to their
 * patterns; the quotes are a second fence. The agent exports the instance id as
 * `AWS_SSM_INSTANCE_ID` (agent/executers/executers.go, `prepareEnvironment`); the script records
 * it only when it is an EC2 id, the only kind it accepts.
 */
const wrapper = (script: string): string[] => [
  `set -- --seconds '{{ ${seconds} }}' --deep '{{ ${deep} }}' --strace-seconds '{{ ${straceSeconds} }}' --output auto`,
  `pid='{{ ${pid} }}'`,
  '[ -z "$pid" ] || set -- "$@" --pid "$pid"',
  'case "$AWS_SSM_INSTANCE_ID" in i-*) set -- "$@" --instance-id "$AWS_SSM_INSTANCE_ID" ;; esac',
  `bash -s -- "$@" <<'${HEREDOC_DELIMITER}'`,
  ...script.replace(/\n$/, '').split('\n'),
  HEREDOC_DELIMITER,
];

/**
 * The document's content (`AWS::SSM::Document` `Content`, DocumentType `Command`).
 *
 * @throws when the script would end its own here-document, or holds `{{`, which SSM would read
 * as a parameter reference.
 */
export const captureDocumentContent = (script: string) => {
  if (script.split('\n').some((line) => line.trim() === HEREDOC_DELIMITER)) {
    throw new Error(`the capture script contains the here-document delimiter ${HEREDOC_DELIMITER}`);
  }
  if (script.includes('{{')) throw new Error('the capture script contains "{{"');
  return {
    schemaVersion: '2.2',
    description:
      'alert-triage: a read-only capture of what this host’s CPU and memory are doing, printed ' +
      'as a capture document.',
    parameters: {
      [seconds]: {
        type: 'String',
        description: `Sampling window in seconds, ${MIN_SECONDS}–${MAX_SECONDS}.`,
        allowedPattern: CAPTURE_PARAMETER_PATTERNS.seconds,
      },
      [deep]: {
        type: 'String',
        description:
          'auto or never: nothing that slows the target; always: also strace -c and perf.',
        allowedValues: [...DEEP_MODES],
      },
      [straceSeconds]: {
        type: 'String',
        description: `How long strace and perf watch with deep=always, ${MIN_STRACE_SECONDS}–${MAX_STRACE_SECONDS} s.`,
        default: String(MIN_STRACE_SECONDS),
        allowedPattern: CAPTURE_PARAMETER_PATTERNS.straceSeconds,
      },
      [pid]: {
        type: 'String',
        description: 'The process to look at closely; empty for the hottest one.',
        default: '',
        allowedPattern: CAPTURE_PARAMETER_PATTERNS.pid,
      },
      [executionTimeout]: {
        type: 'String',
        description: 'Seconds the capture may run before SSM stops it.',
        allowedPattern: CAPTURE_PARAMETER_PATTERNS.executionTimeout,
      },
    },
    mainSteps: [
      {
        action: 'aws:runShellScript',
        name: 'capture',
        precondition: { StringEquals: ['platformType', 'Linux'] },
        inputs: {
          timeoutSeconds: `{{ ${executionTimeout} }}`,
          runCommand: wrapper(script),
        },
      },
    ],
  };
};
