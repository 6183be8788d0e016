import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../functions/core/redact.js';
import { ORDINARY_LINES, PLANTED_PEM_LINES, PLANTED_SECRETS } from '../fixtures/secrets/planted.js';

describe('redactSecrets', () => {
  it.each([
    ['xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx', 'xoxb-123456789012'],
    ['token xoxp-1234-5678-abcdefabcdef', 'xoxp-1234'],
    ['ghp_0123456789abcdefABCDEF0123456789abcd', 'ghp_0123'],
    ['key AKIAIOSFODNN7EXAMPLE in use', 'AKIAIOSFODNN7EXAMPLE'],
    ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'wJalrXUtnFEMI'],
    ['AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'wJalrXUtnFEMI'],
    [
      'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      'eyJzdWIiOiIxMjM0NTY3ODkwIn0',
    ],
    ['curl -H "Authorization: Bearer abc.def-ghi_jkl"', 'abc.def-ghi_jkl'],
    ['Authorization: Basic dXNlcjpwYXNz', 'dXNlcjpwYXNz'],
    ['authorization=Token 9f8e7d6c5b4a', '9f8e7d6c5b4a'],
    ['mysqld --password=hunter2 --user root', 'hunter2'],
    ['pg_dump --password hunter2 db', 'hunter2'],
    ['{"password": "hunter2", "user": "bob"}', 'hunter2'],
    ["{'db_password': 'hunter2'}", 'hunter2'],
    ['password: hunter2', 'hunter2'],
    ['psql postgres://bob:Sup3r@db.internal:5432/app', 'Sup3r'],
    ['https://bob:Sup3r@db/x', 'Sup3r'],
    ['GITHUB_TOKEN=abc123def456', 'abc123def456'],
    ['STRIPE_SECRET=sk_live_abcdefghijklmnop', 'abcdefghijklmnop'],
    ['SIGNING_KEY=0a1b2c3d4e5f', '0a1b2c3d4e5f'],
    ['export API_KEY="0a1b2c3d4e5f"', '0a1b2c3d4e5f'],
  ])('masks the secret in %j', (text, secret) => {
    // Act
    const out = redactSecrets(text);

    // Assess
    expect(out).not.toContain(secret);
    expect(out).toContain('***');
  });

  it('keeps what is not a secret, and the user and host of a URL', () => {
    // Prepare
    const text = [
      '%Cpu(s): 58.4 us, 37.1 sy, 0.0 ni',
      'node-20 (pid 2872) at 102% of a core',
      'DD_PROFILING_ENABLED=false',
      'keyboard shortcuts, sort key 3',
      'https://example.com/path?q=1',
    ].join('\n');

    // Act
    const out = redactSecrets(text);

    // Assess
    expect(out).toBe(text);
    expect(redactSecrets('mysql://bob:Sup3r@db/x')).toBe('mysql://bob:***@db/x');
  });

  it('is idempotent', () => {
    // Prepare
    const once = redactSecrets('DB_PASSWORD=x1 Authorization: Bearer abcdefgh https://a:b@c/');

    // Act
    const twice = redactSecrets(once);

    // Assess
    expect(twice).toBe(once);
  });

  it.each(PLANTED_SECRETS)('masks a planted $shape and keeps what stands beside it', (planted) => {
    // Act
    const out = redactSecrets(planted.line);

    // Assess
    expect(planted.line).toContain(planted.secret);
    expect(out).not.toContain(planted.secret);
    expect(out).toContain('***');
    expect(out).toContain(planted.keep);
    expect(redactSecrets(out)).toBe(out);
  });

  it('masks the body of a PEM key over several lines, and keeps the lines after it', () => {
    // Act
    const out = redactSecrets(PLANTED_PEM_LINES.join('\n'));

    // Assess
    expect(out).not.toContain('FakePem');
    expect(out).not.toContain('MIIE');
    expect(out).toContain('-----END PRIVATE KEY-----\nGOMAXPROCS=4');
    expect(redactSecrets(out)).toBe(out);
  });

  it.each(ORDINARY_LINES)('leaves ordinary text alone: %j', (line) => {
    // Act
    const out = redactSecrets(line);

    // Assess
    expect(out).toBe(line);
  });

  it('masks a 40-character base64 word but not one a character shorter or longer, nor a path', () => {
    // Prepare
    const key = 'FakeAwsSecretKey/Fake+0123456789ABCDEFGH';

    // Act + Assess
    expect(redactSecrets(`sync ${key} now`)).toBe('sync *** now');
    expect(redactSecrets(`sync ${key.slice(1)} now`)).toBe(`sync ${key.slice(1)} now`);
    expect(redactSecrets(`sync ${key}Z now`)).toBe(`sync ${key}Z now`);
    expect(redactSecrets(`run /${key.slice(1)}`)).toBe(`run /${key.slice(1)}`);
  });

  it('masks curl -u user:pass but not a numeric uid:gid, and -u user without a password', () => {
    // Act + Assess
    expect(redactSecrets('curl -u bob:FakePw1 x')).toBe('curl -u bob:*** x');
    expect(redactSecrets('curl --user=bob:FakePw1 x')).toBe('curl --user=bob:*** x');
    expect(redactSecrets('curl -u 1000:FakePw1 x')).toBe('curl -u 1000:*** x');
    expect(redactSecrets('docker run -u 1000:1000 x')).toBe('docker run -u 1000:1000 x');
    expect(redactSecrets('sudo -u postgres psql')).toBe('sudo -u postgres psql');
  });

  it('masks -p after sshpass only, and -a after redis-cli only', () => {
    // Act + Assess
    expect(redactSecrets('sshpass -v -p FakePw2 ssh -p 22 h')).toBe(
      'sshpass -v -p *** ssh -p 22 h',
    );
    expect(redactSecrets('sshpass -pFakePw2 ssh h')).toBe('sshpass -p *** ssh h');
    expect(redactSecrets('nc -l -p 8080')).toBe('nc -l -p 8080');
    expect(redactSecrets('redis-cli -a FakePw3 ping')).toBe('redis-cli -a *** ping');
    expect(redactSecrets('rsync -a src dst')).toBe('rsync -a src dst');
    expect(redactSecrets('redis-cli -h h -p 6379 info')).toBe('redis-cli -h h -p 6379 info');
  });

  it.each([
    ['one long letter run', 'a'.repeat(200_000)],
    ['a long run of secret words', 'password'.repeat(25_000)],
    ['URL-like words back to back', 'a://'.repeat(50_000)],
    ['base64 without end', 'Ab0+'.repeat(50_000)],
    ['JWT starts back to back', 'eyJ-'.repeat(50_000)],
    ['redis-cli without -a', 'redis-cli '.repeat(20_000)],
    ['PEM headers without a key', '-----BEGIN '.repeat(18_000)],
  ])('stays linear on %s (200k characters)', (_name, text) => {
    // Act
    const started = performance.now();
    redactSecrets(text);
    const ms = performance.now() - started;

    // Assess: linear takes a few ms here; one quadratic rule took seconds
    expect(ms).toBeLessThan(1_000);
  });
});

describe('redactSecrets keeps to one line', () => {
  it.each([
    [
      'a switch that ends its line',
      '  --tcp-readiness-only --auth-required\n    2 root [kthreadd]\n',
    ],
    ['an assignment with nothing after =', 'DB_PASSWORD=\n    2 root [kthreadd]\n'],
    ['a header with no value', 'Authorization:\n    2 root [kthreadd]\n'],
    ['bearer at the end of a line', 'token type bearer\n    2 root [kthreadd]\n'],
  ])('never takes the next line as the value of %s', (_, text) => {
    expect(redactSecrets(text)).toBe(text);
  });
});
