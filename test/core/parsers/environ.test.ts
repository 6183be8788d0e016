import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { environParser, type ProcessEnvironment } from '../../../functions/core/parsers/environ.js';
import { loadBlockFixture } from '../../helpers/fixtures.js';

const parseFixture = (name: string): ProcessEnvironment => {
  const { command, text } = loadBlockFixture(`captures/environ/${name}.txt`);
  const result = environParser.parse(text, command);
  if (!result.ok) throw new Error(`${name}: ${result.error}`);
  return result.data;
};

const NODE_VARS = {
  PATH: '/usr/bin:/bin',
  HOME: '/home/webapp',
  DD_PROFILING_ENABLED: 'true',
  DD_SERVICE: 'api',
  DD_ENV: 'prod',
  NODE_OPTIONS: '--max-old-space-size=2048',
};

describe('environParser', () => {
  it('reads tr-converted environ, with the pid from the path', () => {
    // Act
    const data = parseFixture('debian12-node-tr');

    // Assess
    expect(data).toEqual({ pid: 8304, vars: NODE_VARS });
  });

  it('reads the NUL-separated file cat prints, and strings’ and xargs’ lines', () => {
    expect(parseFixture('debian12-node-cat-nul').vars).toEqual(NODE_VARS);
    expect(parseFixture('debian12-node-strings').vars).toEqual(NODE_VARS);
  });

  it('keeps spaces and "=" in values and joins a bash function’s lines', () => {
    const data = parseFixture('debian12-gunicorn-xargs-multiline');

    expect(data.vars.GUNICORN_CMD_ARGS).toBe(
      '--workers=3 --max-requests=1000 --max-requests-jitter=50',
    );
    expect(data.vars.JAVA_TOOL_OPTIONS).toBe('-XX:+UseG1GC -Xmx512m -Dfile.encoding=UTF-8');
    expect(data.vars.WEB_CONCURRENCY).toBe('3');
    expect(data.vars['BASH_FUNC_greet%%']).toBe('() {  echo "hi there"\n}');
    expect(Object.keys(data.vars)).toHaveLength(9);
  });

  it('reads CRLF lines, skips a pasted prompt and keeps a cut-off last value as printed', () => {
    const data = parseFixture('debian12-node-crlf-cut');

    expect(data.vars).toEqual({ ...NODE_VARS, NODE_OPTIONS: '--max-old-space' });
  });

  it('reads cat -e’s ^@ separators (procfs#183)', () => {
    const data = parseFixture('docker-golang-cat-e-procfs-183');

    expect(data).toEqual({
      pid: 1,
      vars: {
        PATH: '/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        HOSTNAME: '33cfa6747903',
        TERM: 'xterm',
        GOLANG_VERSION: '1.12.5',
        GOPATH: '/go',
        HOME: '/root',
      },
    });
  });

  it('keeps a variable named like an object key as data', () => {
    const result = environParser.parse('__proto__=x\nconstructor=y\n', null);

    expect(result.ok && Object.keys(result.data.vars)).toEqual(['__proto__', 'constructor']);
    expect(result.ok && result.data.vars.constructor).toBe('y');
  });

  it('says what it expected when the text is not an environment', () => {
    for (const text of ['', 'cat: /proc/2872/environ: Permission denied', '=5\n 2 + 2 = 4']) {
      expect(environParser.parse(text, null).ok).toBe(false);
    }
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.option(fc.string()), (text, command) => {
        environParser.parse(text, command);
        environParser.parse(`BASH_FUNC_f%%=${text}\n${text}`, command);
      }),
    );
  });

  it('takes the usual ways of printing /proc/PID/environ', () => {
    const commands = [
      "tr '\\0' '\\n' < /proc/2872/environ",
      'cat /proc/2872/environ',
      'xargs -0 -n1 < /proc/2872/environ',
      'strings /proc/2872/environ',
      'cat -e /proc/1/environ',
      "grep -z '^DD_' /proc/2872/environ",
    ];
    for (const c of commands) expect(environParser.matchCommand(c)).toBe(true);
    for (const c of ['env', 'printenv', 'cat /proc/2872/status']) {
      expect(environParser.matchCommand(c)).toBe(false);
    }
    expect(environParser.banner).toBeUndefined();
  });
});
