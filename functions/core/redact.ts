/**
 * The second redaction layer: masks secrets in any text before it leaves for Slack, even in a
 * capture pasted by hand (the capture script's `redact` is the first layer, on the host). The
 * rules mirror the script's and err on the side of hiding too much. Pure and idempotent.
 */

const MASK = '***';

/** Words that make a key's value a secret: `DB_PASSWORD`, `api-key`, `x_auth_token`… */
const SECRET_WORD =
  '(?:pass|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|[_-]key(?![A-Za-z])|credential|auth|dsn|cookie)';
const KEY_CHAR = '[-_.A-Za-z0-9]';
const SECRET_KEY = `${KEY_CHAR}*${SECRET_WORD}${KEY_CHAR}*`;

/** Each rule: a pattern and its replacement, applied in order. */
const RULES: readonly [RegExp, string][] = [
  // Credentials in URLs: scheme://user:pass@host → scheme://user:***@host.
  [/([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/:@\s]*):[^\s@/]*@/g, `$1:${MASK}@`],
  // Authorization-style headers, with or without a scheme word.
  [
    /((?:proxy-)?(?:authorization|x-api-key|x-auth-token|private-token|cookie)["']?\s*[:=]\s*["']?)((?:bearer|basic|token|digest|negotiate)\s+)?[^\s"',]+/gi,
    `$1$2${MASK}`,
  ],
  [/\b(bearer)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${MASK}`],
  // JSON and Python-dict style: "password": "…", 'token': '…'.
  [new RegExp(`("${SECRET_KEY}"\\s*:\\s*")[^"]*"`, 'gi'), `$1${MASK}"`],
  [new RegExp(`('${SECRET_KEY}'\\s*:\\s*')[^']*'`, 'gi'), `$1${MASK}'`],
  // Assignments: DB_PASSWORD=…, aws_secret_access_key = …, password: … (YAML, ini, env).
  [
    new RegExp(`(${SECRET_KEY})(\\s*=\\s*|:[ \\t]*)(["']?)(?!\\*\\*\\*)[^\\s"',;&]+`, 'gi'),
    `$1$2$3${MASK}`,
  ],
  // Switches: --password x, -api-key x.
  [new RegExp(`(--?${SECRET_KEY})\\s+(?!-)(?!\\*\\*\\*)\\S+`, 'gi'), `$1 ${MASK}`],
  // Token shapes, wherever they stand.
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, MASK],
  [/\bxox[abposr]-[A-Za-z0-9-]{6,}/g, MASK],
  [/\bxapp-[A-Za-z0-9-]{6,}/g, MASK],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/g, MASK],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}/g, MASK],
  [/\b[sr]k_(?:live|test)_[A-Za-z0-9]{10,}/g, MASK],
  [/\beyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*/g, MASK],
];

/**
 * Masks tokens (Slack, GitHub, AWS keys, JWTs, `Bearer …`, `Authorization:` values), passwords
 * (`password=…`, `--password …`, `"password": "…"`), credentials in URLs and `*_TOKEN=`,
 * `*_SECRET=`, `*_KEY=` assignments.
 *
 * @example redactSecrets('mysql://bob:Sup3r@db/x') // 'mysql://bob:***@db/x'
 */
export const redactSecrets = (text: string): string =>
  RULES.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
