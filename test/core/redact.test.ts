import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../functions/core/redact.js';

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
});
