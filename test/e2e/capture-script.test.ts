/**
 * The capture script run for real on this machine, through the local executor, against real
 * misbehaving processes. Needs bash, procps, strace, shellcheck (CI installs them), and uses
 * perf when it is installed and permitted.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type CaptureProgress,
  LocalCaptureError,
  runLocalCapture,
} from '../../functions/adapters/local/local-executor.js';
import captureScript from '../../functions/capture-script/capture.sh';
import type { CaptureOptions } from '../../functions/capture-script/options.js';
import { COMPRESSED_HEADER, decodeCaptureOutput } from '../../functions/core/capture/decode.js';
import { readCapture } from '../../functions/core/capture/read.js';
import { classify } from '../../functions/core/classify.js';
import type { PerfStat } from '../../functions/core/parsers/perf-stat.js';
import { renderTriageMessage } from '../../functions/render/slack/messages.js';
import { ORDINARY_LINES, PLANTED_PEM_LINES, PLANTED_SECRETS } from '../fixtures/secrets/planted.js';
import { killAll, raisePriority, startProcess, waitForExec } from '../helpers/processes.js';
import { cpuAlarm, INSTANCE } from '../triage/fakes.js';

const SCRIPT_PATH = fileURLToPath(
  new URL('../../functions/capture-script/capture.sh', import.meta.url),
);
const SHORT: CaptureOptions = { seconds: 3, deep: 'never', output: 'plain' };
const RUN_TIMEOUT = 40_000;

let scratch = '';
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'capture-e2e-'));
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** A fresh, empty directory to hand the script as TMPDIR, so its cleanup can be checked. */
const freshTmp = (): string => mkdtempSync(join(scratch, 'tmp-'));

interface Block {
  header: string;
  body: string[];
}

/** The document's `# key: value` lines before the first block, and its blocks. */
const readDoc = (text: string): { meta: Map<string, string>; blocks: Block[]; notes: string[] } => {
  const meta = new Map<string, string>();
  const blocks: Block[] = [];
  const notes: string[] = [];
  for (const line of text.split('\n')) {
    const header = /^==> (.*) <==$/.exec(line);
    if (header) blocks.push({ header: header[1] ?? '', body: [] });
    else if (/^# (skipped|deep|warning|note):/.test(line)) notes.push(line);
    else if (blocks.length === 0) {
      const m = /^# ([\w-]+): (.*)$/.exec(line);
      if (m) meta.set(m[1] ?? '', m[2] ?? '');
    } else blocks[blocks.length - 1]?.body.push(line);
  }
  return { meta, blocks, notes };
};

const blockMatching = (blocks: Block[], header: RegExp): Block | undefined =>
  blocks.find((b) => header.test(b.header));

const nonEmpty = (b: Block | undefined): boolean =>
  b?.body.some((line) => line.trim() !== '') ?? false;

/** PIDs of live processes whose environment holds `text` (the script's tools inherit TMPDIR). */
const processesWithEnv = (text: string): number[] =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return readFileSync(`/proc/${d}/environ`, 'latin1').includes(text);
      } catch {
        return false;
      }
    })
    .map(Number);

describe('capture.sh, static checks', () => {
  it('is shellcheck-clean', () => {
    // Act: shellcheck is required (CI installs it); its absence fails the test.
    const result = spawnSync('shellcheck', ['--shell=bash', '--severity=style', SCRIPT_PATH], {
      encoding: 'utf8',
    });

    // Assess
    expect(
      result.error,
      'shellcheck must be installed (apt-get install shellcheck)',
    ).toBeUndefined();
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.status).toBe(0);
  });

  it('uses no bash feature newer than 4.2 (Amazon Linux 2)', () => {
    // Prepare: code lines only, comments dropped
    const code = captureScript
      .split('\n')
      .filter((line) => !/^\s*#/.test(line))
      .join('\n');

    // Assess
    expect(code).not.toMatch(
      /wait -n|declare -n|local -n|\$\{\w+@[QEPAa]\}|mapfile -d|readarray -d/,
    );
    expect(code).not.toMatch(/\[-\d+\]|EPOCHREALTIME|EPOCHSECONDS|\bBASH_ARGV0\b/);
  });

  it('prints its usage for --help, and refuses unknown options with exit status 2', () => {
    // Act
    const help = spawnSync('bash', ['-s', '--', '--help'], {
      input: captureScript,
      encoding: 'utf8',
    });
    const bad = spawnSync('bash', ['-s', '--', '--frobnicate'], {
      input: captureScript,
      encoding: 'utf8',
    });
    const badValue = spawnSync('bash', ['-s', '--', '--seconds', '2'], {
      input: captureScript,
      encoding: 'utf8',
    });

    // Assess
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: capture\.sh/);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/unknown option: --frobnicate[\s\S]*Usage:/);
    expect(badValue.status).toBe(2);
    expect(badValue.stderr).toMatch(/--seconds must be a whole number from 3 to 60/);
  });

  it('redacts the secrets its rules know, and keeps the rest of a line', () => {
    // Prepare
    const lines = [
      'node app.js --password=Hunter2Planted --port 80',
      'java -Dspring.datasource.password=s3cr3tPlanted -Xmx512m -jar app.jar',
      'psql postgres://bob:Sup3rPlanted@db.internal:5432/x',
      'redis-cli -u redis://:OnlyPassPlanted@cache:6379',
      'curl -H Authorization: Bearer BearerPlanted123 https://x',
      'worker --token TokPlanted --verbose --api-key=KeyPlanted1 --client-secret=CliPlanted',
      'env AWS_ACCESS_KEY_ID=AKIAPLANTEDPLANTED12 slack=xoxb-1234-PlantedSlack',
      'gh ghp_PlantedGithubToken0123456789 jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.PlantedSig',
      '--env {"DB_PASSWORD": "JsonPlanted", "PATH": "/usr/bin"}',
      'NODE_OPTIONS=--max-old-space-size=512 --token=PlantedNodeTok',
    ];

    // Act
    const result = spawnSync('bash', [SCRIPT_PATH, '--redact'], {
      input: `${lines.join('\n')}\n`,
      encoding: 'utf8',
    });

    // Assess
    expect(result.status).toBe(0);
    expect(result.stdout).not.toMatch(/Planted/i);
    expect(result.stdout).toContain('node app.js --password=*** --port 80');
    expect(result.stdout).toContain('postgres://bob:***@db.internal:5432/x');
    expect(result.stdout).toContain('Authorization: Bearer ***');
    expect(result.stdout).toContain('-Xmx512m -jar app.jar');
    expect(result.stdout).toContain('"PATH": "/usr/bin"');
    expect(result.stdout).toContain('NODE_OPTIONS=--max-old-space-size=512 --token=***');
  });

  it.each(PLANTED_SECRETS)(
    'redacts a planted $shape and keeps what stands beside it',
    (planted) => {
      // Act
      const once = redactWithScript(`${planted.line}\n`);
      const twice = redactWithScript(once);

      // Assess
      expect(once).not.toContain(planted.secret);
      expect(once).toContain('***');
      expect(once).toContain(planted.keep);
      expect(twice).toBe(once);
    },
  );

  it('redacts the body of a PEM key over several lines, and keeps the lines around it', () => {
    // Act
    const out = redactWithScript(`${PLANTED_PEM_LINES.join('\n')}\n`);

    // Assess
    expect(out).toBe(
      [
        'JAVA_OPTS=-Dkey=-----BEGIN PRIVATE KEY-----',
        '***',
        '***',
        '-----END PRIVATE KEY-----',
        'GOMAXPROCS=4',
        '',
      ].join('\n'),
    );
  });

  it('leaves ordinary text that looks a little like a secret alone', () => {
    // Prepare
    const text = `${ORDINARY_LINES.join('\n')}\n`;

    // Act
    const out = redactWithScript(text);

    // Assess
    expect(out).toBe(text);
  });
});

/** The script's `--redact` filter, run for real. */
const redactWithScript = (input: string): string => {
  const result = spawnSync('bash', [SCRIPT_PATH, '--redact'], { input, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`capture.sh --redact failed: ${result.stderr}`);
  return result.stdout;
};

// These runs start no process of their own and do not depend on how much CPU anything
// gets, so they share the machine.
describe.concurrent('capture.sh on this machine', () => {
  it(
    'prints the metadata and every block, and leaves no temp dir behind',
    async ({ expect }) => {
      // Prepare
      const tmp = freshTmp();
      const progress: CaptureProgress[] = [];

      // A target that lives through the capture: left to choose, the script may pick a tool of
      // another capture this file runs meanwhile, which ends before the second sample.
      const sleeper = startProcess('sleep', ['600']);

      // Act
      const run = await runLocalCapture(
        { ...SHORT, progress: true, instanceId: 'i-0abc1234def567890', pid: sleeper.pid },
        { env: { ...process.env, TMPDIR: tmp }, onProgress: (p) => progress.push(p) },
      ).finally(() => process.kill(sleeper.pid, 'SIGKILL'));

      // Assess: metadata first
      const { meta, blocks, notes } = readDoc(run.text);
      expect(run.text.split('\n')[0]).toBe('# alert-triage capture v1');
      expect(meta.get('host')).toBeTruthy();
      expect(meta.get('instance-id')).toBe('i-0abc1234def567890');
      expect(meta.get('captured-at')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(Number(meta.get('duration-s'))).toBeGreaterThanOrEqual(3);
      expect(Number(meta.get('cpus'))).toBeGreaterThanOrEqual(1);
      expect(Number(meta.get('clk-tck'))).toBeGreaterThan(0);
      expect(meta.get('target-pid')).toBe(String(sleeper.pid));
      expect(meta.get('script-version')).toMatch(/^\d+\.\d+\.\d+$/);
      expect(notes).toContain('# deep: not run (--deep never)');

      // Assess: each block present and non-empty
      const target = meta.get('target-pid');
      const expected = [
        /^uptime$/,
        /^uname -srm$/,
        /^cat \/proc\/loadavg$/,
        /^top -b -n 2 -d 1 -w 512 -c$/,
        new RegExp(`^top -b -H -n 2 -d 1 -w 512 -p ${target}$`),
        /^vmstat (-w )?1 4$/,
        /^ps -eo pid,ppid,user,etimes,nlwp,pcpu,pmem,rss,vsz,stat,comm,args --sort=-pcpu$/,
        new RegExp(`^cat /proc/${target}/status @ \\S+Z$`),
        /^free -m$/,
        /^cat \/proc\/meminfo$/,
        /^ss -s$/,
      ];
      if (existsSync('/proc/pressure/cpu')) expected.push(/^cat \/proc\/pressure\/cpu$/);
      for (const header of expected) {
        expect(nonEmpty(blockMatching(blocks, header)), `block ${header}`).toBe(true);
      }
      // /proc/PID/io: its counters, or a note when this machine hides them (a sandbox's PID 1).
      expect(
        nonEmpty(blockMatching(blocks, new RegExp(`^cat /proc/${target}/io @ \\S+Z$`))) ||
          notes.includes(
            `# skipped: /proc/${target}/io not readable (another user's process, or hidden here: run as root)`,
          ),
      ).toBe(true);
      // The kernel log block is there, empty when the kernel said nothing of OOMs or hangs.
      expect(
        blockMatching(blocks, /^(dmesg -T|journalctl -k).*\| grep -iE '.*oom.*' \| tail -n 50$/),
      ).toBeDefined();
      if (spawnSync('sh', ['-c', 'command -v iostat']).status === 0) {
        expect(nonEmpty(blockMatching(blocks, /^iostat -x 1 2$/))).toBe(true);
      } else {
        expect(notes).toContain('# skipped: iostat not installed');
      }
      // top's last frame is what counts: both frames are there
      const top = blockMatching(blocks, /^top -b -n 2/);
      expect(top?.body.filter((l) => l.startsWith('top - '))).toHaveLength(2);
      expect(top?.body.filter((l) => /^\s*PID\s+USER/.test(l))).toHaveLength(2);
      // ps: a header and at most 30 rows
      const ps = blockMatching(blocks, /^ps -eo /);
      expect(ps?.body.filter((l) => l.trim() !== '').length).toBeLessThanOrEqual(31);
      // Two timed samples of the target's stat and of the RSS of the largest processes
      const stats = blocks.filter((b) =>
        new RegExp(
          `^cat /proc/${target}/stat @ \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$`,
        ).test(b.header),
      );
      expect(stats).toHaveLength(2);
      expect(stats[0]?.body[0]).toMatch(new RegExp(`^${target} \\(`));
      const rss = blocks.filter((b) =>
        /^ps -o pid,rss,etimes,comm -p [\d,]+ @ \S+Z$/.test(b.header),
      );
      expect(rss).toHaveLength(2);
      expect(rss.every((b) => b.body[0]?.includes('RSS'))).toBe(true);

      // Assess: cleanup, cost, progress
      expect(readdirSync(tmp)).toEqual([]);
      expect(run.cpuSeconds).toBeGreaterThan(0);
      expect(run.cpuSeconds).toBeLessThan(1.5);
      expect(run.wallMs).toBeGreaterThanOrEqual(3_000);
      expect(progress.map((p) => p.step)).toContain('top');
      expect(progress.every((p) => Number.isInteger(p.secondsLeft))).toBe(true);
      expect(run.stderr).not.toMatch(/# progress:/);
    },
    RUN_TIMEOUT,
  );

  it(
    'still captures, saying strace is not installed, when strace is not on PATH',
    async ({ expect }) => {
      // Prepare: a PATH holding everything the script uses, except strace
      const bin = join(scratch, 'bin-without-strace');
      mkdirSync(bin);
      const tools = [
        'bash',
        'timeout',
        'date',
        'getconf',
        'mktemp',
        'rm',
        'sleep',
        'cat',
        'grep',
        'sed',
        'awk',
        'head',
        'tail',
        'sort',
        'cut',
        'wc',
        'gzip',
        'base64',
        'ps',
        'top',
        'vmstat',
        'iostat',
        'free',
        'ss',
        'dmesg',
        'journalctl',
        'uname',
        'uptime',
      ];
      for (const tool of tools) {
        const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' });
        if (found.status === 0) symlinkSync(found.stdout.trim(), join(bin, tool));
      }
      expect(existsSync(join(bin, 'strace'))).toBe(false);
      // Its own target: on a quiet machine the busiest processes are kernel threads, which the
      // deep probe never traces.
      // One process that forks nothing: short-lived children would become the busiest process
      // of the captures the other tests of this file take meanwhile.
      const target = startProcess('sleep', ['600']);

      // Act
      const run = await runLocalCapture(
        { ...SHORT, deep: 'always', pid: target.pid },
        { env: { ...process.env, PATH: bin, TMPDIR: freshTmp() } },
      ).finally(() => process.kill(target.pid, 'SIGKILL'));

      // Assess
      const { blocks, notes } = readDoc(run.text);
      expect(notes.some((n) => /^# deep: ran strace on pid \d+ \(--deep always\)$/.test(n))).toBe(
        true,
      );
      expect(notes).toContain('# skipped: strace not installed');
      expect(blocks.some((b) => b.header.startsWith('strace'))).toBe(false);
      expect(nonEmpty(blockMatching(blocks, /^top -b -n 2/))).toBe(true);
      expect(nonEmpty(blockMatching(blocks, /^cat \/proc\/meminfo$/))).toBe(true);
    },
    RUN_TIMEOUT,
  );

  it(
    'compresses with --output gzip into a framing decodeCaptureOutput reads back',
    async ({ expect }) => {
      // Act
      const run = await runLocalCapture(
        { ...SHORT, output: 'gzip' },
        { env: { ...process.env, TMPDIR: freshTmp() } },
      );
      const decoded = decodeCaptureOutput(run.text);
      const cut = run.text.slice(0, Math.floor(run.text.length / 2));
      const decodedCut = decodeCaptureOutput(cut);

      // Assess
      expect(run.text.split('\n')[0]).toBe(COMPRESSED_HEADER);
      expect(decoded.ok).toBe(true);
      if (!decoded.ok) return;
      expect(decoded.compressed).toBe(true);
      expect(decoded.text.split('\n')[0]).toBe('# alert-triage capture v1');
      expect(decoded.text).toMatch(/^==> top -b -n 2 -d 1 -w 512 -c <==$/m);
      expect(decoded.text.length).toBeGreaterThan(run.text.length);
      expect(decodedCut).toEqual({
        ok: false,
        error: expect.stringMatching(
          new RegExp(`cut off .* ${cut.length.toLocaleString('en-US')} characters`),
        ),
      });
    },
    RUN_TIMEOUT,
  );

  it(
    'stops the script and its tools, and removes its temp dir, when aborted',
    async ({ expect }) => {
      // Prepare
      const tmp = freshTmp();
      const controller = new AbortController();
      const steps: string[] = [];

      // Act: abort while the samplers run
      const running = runLocalCapture(
        { ...SHORT, seconds: 10, progress: true },
        {
          env: { ...process.env, TMPDIR: tmp },
          signal: controller.signal,
          onProgress: (p) => {
            steps.push(p.step);
            if (p.step === 'sampling') controller.abort();
          },
        },
      );

      // Assess
      await expect(running).rejects.toMatchObject({ name: 'LocalCaptureError', code: 'aborted' });
      expect(steps).toContain('sampling');
      expect(readdirSync(tmp)).toEqual([]);
      expect(processesWithEnv(tmp)).toEqual([]);
    },
    RUN_TIMEOUT,
  );

  it('says so with a named error when bash is missing or the script fails', async ({ expect }) => {
    // Act + Assess
    await expect(
      runLocalCapture(SHORT, { env: { PATH: join(scratch, 'nowhere') } }),
    ).rejects.toMatchObject({ name: 'LocalCaptureError', code: 'bash_missing' });
    const failing = runLocalCapture(SHORT, { script: 'echo "no luck" >&2; exit 3' });
    await expect(failing).rejects.toBeInstanceOf(LocalCaptureError);
    await expect(failing).rejects.toMatchObject({
      code: 'capture_failed',
      message: expect.stringMatching(/exited with 3 .*no luck/),
    });
  });
});

// Runs against processes started for the test, one at a time: the --deep auto ones depend on
// how much CPU their target gets, so each target runs in a session of its own at a raised
// priority (when this user may raise it), as the machine may be busy with other work.
describe('capture.sh against real processes', () => {
  afterEach(killAll);

  it(
    'never lets a planted secret out, in arguments or in the environment',
    async () => {
      // Prepare: a busy process with secrets in its arguments and environment. (A bash loop,
      // not node: node refuses to start with --token in NODE_OPTIONS.) Its arguments carry
      // every planted shape, and a PEM key with real newlines; an allow-listed variable carries
      // a Java password and a PEM key over several lines.
      // ps and environ lines are cut at 512 characters: the shapes are shared out between
      // them so that each stays in view.
      const inArgs = PLANTED_SECRETS.filter((p) =>
        /^(sshpass|redis-cli|bare AWS|Slack|OpenAI|Google)/.test(p.shape),
      );
      const inEnv = PLANTED_SECRETS.filter(
        (p) => !inArgs.includes(p) && !/^(Java|PEM private key as ps)/.test(p.shape),
      );
      const pem = PLANTED_PEM_LINES.slice(0, 4).join('\n');
      const busy = startProcess(
        'bash',
        [
          '-c',
          'while :; do :; done',
          'planted-busy',
          '--password=Hunter2Planted',
          'https://bob:Sup3rPlanted@db.internal/x',
          '--key',
          pem.slice(pem.indexOf('-----')),
          ...inArgs.flatMap((p) => p.line.split(' ')),
        ],
        {
          env: {
            PATH: process.env.PATH,
            DD_API_KEY: 'PlantedApiKey123',
            NODE_OPTIONS: '--max-old-space-size=512 --token=PlantedNodeTok',
            DD_PROFILING_ENABLED: 'true',
            JAVA_TOOL_OPTIONS: `${pem.slice('JAVA_OPTS='.length)} -Ddb.password=JavaFake,Pw;5&x`,
            SLACK_USER_TOKEN: 'xoxc-1111111111-2222222222-FakeSlackClientToken0',
            GUNICORN_CMD_ARGS: inEnv.map((p) => p.line).join(' '),
          },
        },
      );
      await waitForExec(busy.pid, 'bash', 'Hunter2Planted');

      // Act
      const run = await runLocalCapture(
        { ...SHORT, pid: busy.pid },
        { env: { ...process.env, TMPDIR: freshTmp() } },
      );

      // Assess: the process and its harmless flags are there
      const { meta, blocks } = readDoc(run.text);
      expect(meta.get('target-pid')).toBe(String(busy.pid));
      const ps = blockMatching(blocks, /^ps -eo /);
      expect(
        ps?.body.some((l) =>
          l.includes('planted-busy --password=*** https://bob:***@db.internal/x'),
        ),
      ).toBe(true);
      const environ = blockMatching(
        blocks,
        new RegExp(`^tr '\\\\0' '\\\\n' < /proc/${busy.pid}/environ$`),
      );
      const psLine = ps?.body.find((l) => l.includes('planted-busy')) ?? '';
      for (const planted of inArgs) expect(psLine).toContain(planted.keep);
      expect(environ?.body.slice(0, 6)).toEqual([
        'NODE_OPTIONS=--max-old-space-size=512 --token=***',
        'DD_PROFILING_ENABLED=true',
        'JAVA_TOOL_OPTIONS=-Dkey=-----BEGIN PRIVATE KEY-----',
        '***',
        '***',
        '-----END PRIVATE KEY----- -Ddb.password=***',
      ]);
      const gunicorn = environ?.body.find((l) => l.startsWith('GUNICORN_CMD_ARGS=')) ?? '';
      for (const planted of inEnv) expect(gunicorn).toContain(planted.keep);
      // …and no secret value, nor the variable that is not on the allow-list: not in the
      // capture, not in what classify makes of it, not in the Slack card
      const triage = classify(readCapture(run.text), {});
      const verdict = JSON.stringify(triage);
      const card = JSON.stringify(
        renderTriageMessage({
          triageId: 'tr-0123456789abcdef',
          alarm: cpuAlarm(),
          instanceId: INSTANCE,
          triage,
        }),
      );
      expect(verdict).toContain('planted-busy');
      const secrets = [
        'Hunter2Planted',
        'Sup3rPlanted',
        'PlantedApiKey123',
        'PlantedNodeTok',
        'FakePem',
        'MIIE',
        ...PLANTED_SECRETS.map((p) => p.secret),
      ];
      for (const secret of secrets) {
        expect(run.text).not.toContain(secret);
        expect(verdict).not.toContain(secret);
        expect(card).not.toContain(secret);
      }
      expect(run.text).not.toContain('DD_API_KEY');
      expect(run.text).not.toContain('SLACK_USER_TOKEN');
    },
    RUN_TIMEOUT,
  );

  it(
    'counts a kernel-heavy process without tracing it: /proc/PID/io, thread samples, perf stat',
    async () => {
      // Prepare: one-byte reads and writes: nearly all of dd's time is system calls
      const dd = startProcess('dd', ['if=/dev/zero', 'of=/dev/null', 'bs=1'], { detached: true });
      await waitForExec(dd.pid, 'dd');
      raisePriority(dd.pid);
      const perfWorks =
        spawnSync('perf', ['stat', '-e', 'signal:signal_deliver', 'true']).status === 0;

      // Act
      const run = await runLocalCapture(
        { ...SHORT, pid: dd.pid, deep: 'auto' },
        { env: { ...process.env, TMPDIR: freshTmp() } },
      );

      // Assess: no strace, and the counters read twice, a timestamp each
      const { blocks, notes } = readDoc(run.text);
      expect(notes).toContain(
        '# deep: not run (--deep auto counts without tracing; --deep always runs strace)',
      );
      expect(blocks.some((b) => b.header.includes('strace'))).toBe(false);
      const io = blocks.filter((b) =>
        new RegExp(`^cat /proc/${dd.pid}/io @ \\S+Z$`).test(b.header),
      );
      expect(io).toHaveLength(2);
      const syscw = io.map((b) => Number(/^syscw: (\d+)$/m.exec(b.body.join('\n'))?.[1]));
      expect((syscw[1] ?? 0) - (syscw[0] ?? 0)).toBeGreaterThan(100_000);
      const threads = blocks.filter((b) =>
        b.header.includes(`/proc/${dd.pid}/task/*/syscall /proc/${dd.pid}/task/*/wchan @ `),
      );
      expect(threads).toHaveLength(3);
      expect(threads.every((b) => b.body.includes('1 running 0'))).toBe(true);
      // perf counts signals only: counting every syscall would slow dd
      const perf = readCapture(run.text).blocks.filter((b) => b.tool === 'perf-stat');
      if (perfWorks) {
        expect(perf).toEqual([expect.objectContaining({ status: 'parsed' })]);
        expect(perf[0]?.command).toMatch(
          new RegExp(`^perf stat -e signal:signal_deliver -p ${dd.pid} -- sleep \\d+\\.\\d{3}$`),
        );
      } else {
        expect(notes.some((n) => n.startsWith('# skipped: perf '))).toBe(true);
      }
    },
    RUN_TIMEOUT,
  );

  it(
    'with --deep always --strace-seconds 3, straces for 3 s, then profiles with perf or says why not',
    async () => {
      // Prepare: perf works here when `perf stat` does
      const dd = startProcess('dd', ['if=/dev/zero', 'of=/dev/null', 'bs=1'], { detached: true });
      await waitForExec(dd.pid, 'dd');
      const perfWorks = spawnSync('perf', ['stat', '-e', 'instructions', 'true']).status === 0;

      // Act
      const run = await runLocalCapture(
        { ...SHORT, pid: dd.pid, deep: 'always', straceSeconds: 3 },
        { env: { ...process.env, TMPDIR: freshTmp() } },
      );

      // Assess: strace for 3 s, then perf's report parsed by the reader, or a skipped note
      const { blocks, notes } = readDoc(run.text);
      const strace = blockMatching(
        blocks,
        new RegExp(`^timeout -s INT 3 strace -c -f -p ${dd.pid}$`),
      );
      expect(strace?.body.join('\n')).toMatch(/ (read|write)$/m);
      const perf = readCapture(run.text).blocks.filter((b) => b.command?.startsWith('perf report'));
      if (perfWorks || perf.length > 0) {
        expect(perf).toEqual([expect.objectContaining({ tool: 'perf-report', status: 'parsed' })]);
        expect(perf[0]?.command).toBe(
          'perf report --stdio --no-children --sort comm,dso,sym -i perf.data | head -n 60',
        );
        // Asked for a deep look, perf stat also counts every syscall in the kernel
        const counted = readCapture(run.text).blocks.find((b) => b.tool === 'perf-stat');
        expect(counted?.command).toMatch(
          new RegExp(
            `^perf stat -e raw_syscalls:sys_enter,signal:signal_deliver -p ${dd.pid} -- sleep `,
          ),
        );
      } else {
        expect(notes.some((n) => n.startsWith('# skipped: perf '))).toBe(true);
      }
    },
    RUN_TIMEOUT,
  );

  it(
    'counts the signals of a profiler-style SIGPROF storm in the kernel, without strace (seed 000)',
    async ({ skip }) => {
      // Prepare: a process that keeps signalling itself, as Datadog's profiler did in seed 000
      if (spawnSync('perf', ['stat', '-e', 'signal:signal_deliver', 'true']).status !== 0) {
        skip('perf stat cannot count signal:signal_deliver here');
      }
      const storm = startProcess(
        process.execPath,
        [
          '-e',
          "process.on('SIGPROF', () => {}); setInterval(() => { for (let i = 0; i < 2000; i++) process.kill(process.pid, 'SIGPROF'); }, 1);",
        ],
        { detached: true },
      );
      await waitForExec(storm.pid, 'node', 'SIGPROF');
      raisePriority(storm.pid);

      // Act
      const run = await runLocalCapture(
        { ...SHORT, pid: storm.pid, deep: 'auto' },
        { env: { ...process.env, TMPDIR: freshTmp() } },
      );

      // Assess
      const capture = readCapture(run.text);
      const perf = capture.blocks.find((b) => b.tool === 'perf-stat');
      expect(perf?.status).toBe('parsed');
      const data = perf?.status === 'parsed' ? (perf.data as PerfStat) : undefined;
      const delivered = data?.events.find((e) => e.event === 'signal:signal_deliver')?.count ?? 0;
      expect(delivered / (data?.elapsedSeconds ?? 1)).toBeGreaterThan(2_000);
      expect(capture.blocks.some((b) => b.command?.includes('strace'))).toBe(false);
    },
    RUN_TIMEOUT,
  );

  it(
    'never runs strace with --deep auto, even on a process busy in user space',
    async () => {
      // Prepare
      const loop = startProcess(process.execPath, ['-e', 'for(;;){}'], { detached: true });
      await waitForExec(loop.pid, 'node', 'for(;;)');
      raisePriority(loop.pid);

      // Act
      const run = await runLocalCapture(
        { ...SHORT, pid: loop.pid, deep: 'auto' },
        { env: { ...process.env, TMPDIR: freshTmp() } },
      );

      // Assess
      const { blocks, notes } = readDoc(run.text);
      expect(notes.find((n) => n.startsWith('# deep:'))).toBe(
        '# deep: not run (--deep auto counts without tracing; --deep always runs strace)',
      );
      expect(
        blocks.some((b) => b.header.startsWith('strace') || b.header.includes(' strace ')),
      ).toBe(false);
    },
    RUN_TIMEOUT,
  );
});
