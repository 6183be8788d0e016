/**
 * The second redaction layer: masks secrets in any text before it leaves for Slack, even in a
 * capture pasted by hand (the capture script's `redact` is the first layer, on the host). The
 * rules mirror the script's and err on the side of hiding too much. Pure and idempotent, and
 * linear in the text: every rule starts only where a word starts or at a literal, and takes a
 * key whole rather than trying each of its suffixes, so a long token cannot make it quadratic.
 */

const MASK = '***';

/** Words that make a key's value a secret: `DB_PASSWORD`, `api-key`, `x_auth_token`… */
const SECRET_WORD =
  '(?:pass|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|[_-]key(?![A-Za-z])|credential|auth|dsn|cookie)';
const KEY_CHAR = '[-_.A-Za-z0-9]';

/**
 * A whole key that names a secret, captured as `name`. The lookahead and back-reference take
 * the key once and never give characters back (JavaScript has no possessive quantifier); the
 * lookbehind then checks it holds a secret word.
 */
const secretKey = (name: string): string =>
  `(?<!${KEY_CHAR})(?=(?<${name}>${KEY_CHAR}+))\\k<${name}>(?<=${SECRET_WORD}${KEY_CHAR}*)`;

/** `scheme://user` and the rest of the word after its ':' → the rest from its last '@' on. */
const maskUrlPassword = (word: string, head: string): string => {
  const at = word.lastIndexOf('@');
  return at <= head.length ? word : `${head}:${MASK}${word.slice(at)}`;
};

/** Each rule: a pattern and its replacement, applied in order. */
const RULES: readonly [RegExp, string | ((match: string, head: string) => string)][] = [
  // PEM private keys: the body up to the END line, on one line (`\n` escapes, or the `?` ps
  // shows for a newline) or over several. Base64 has no '-', so the body ends at the first '--'.
  [/(-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----)(?:[^-]|-(?!-))+/g, `$1${MASK}`],
  // Credentials in URLs: scheme://user:pass@host → scheme://user:***@host. Like the script,
  // the password runs to the last '@' of its word, so a '/' in it is hidden too. The match
  // takes the rest of the word whether or not it holds an '@', so no word is scanned twice.
  [/(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]*:\/\/[^/:@\s]*):\S*/g, maskUrlPassword],
  // Authorization-style headers, with or without a scheme word.
  [
    /((?:proxy-)?(?:authorization|x-api-key|x-auth-token|private-token|cookie)["']?[ \t]*[:=][ \t]*["']?)((?:bearer|basic|token|digest|negotiate)[ \t]+)?[^\s"',]+/gi,
    `$1$2${MASK}`,
  ],
  [/\b(bearer)[ \t]+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${MASK}`],
  // JSON and Python-dict style: "password": "…", 'token': '…'.
  [new RegExp(`(?<pre>"${secretKey('k')}"\\s*:\\s*")[^"]*"`, 'gi'), `$<pre>${MASK}"`],
  [new RegExp(`(?<pre>'${secretKey('k')}'\\s*:\\s*')[^']*'`, 'gi'), `$<pre>${MASK}'`],
  // Assignments: DB_PASSWORD=…, -Ddb.password=…, password: … (YAML, ini, env). Like the
  // script, the value runs to the end of its word: a ',' ';' or '&' in a password is no end.
  // Key and value share a line (the script's sed reads line by line too).
  [
    new RegExp(
      `${secretKey('k')}(?<sep>[ \\t]*=[ \\t]*|:[ \\t]*)(?<q>["']?)(?!\\*\\*\\*)[^\\s"']+`,
      'gi',
    ),
    `$<k>$<sep>$<q>${MASK}`,
  ],
  // Switches: --password x, -api-key x. A value is on the switch's own line: a flag that ends
  // its line (`--auth-required`) takes nothing from the next.
  [new RegExp(`(?=-)${secretKey('k')}[ \\t]+(?!-)(?!\\*\\*\\*)\\S+`, 'gi'), `$<k> ${MASK}`],
  // `curl -u user:pass`, `--user=user:pass`; not `docker -u 1000:1000` (uid:gid).
  [/(?<!\S)(-u|--user)([ \t]+|=)(?![0-9]+:[0-9]+(?!\S))([^\s:]*):\S+/g, `$1$2$3:${MASK}`],
  // `sshpass -p PW` and `redis-cli -a PW`: -p and -a mean a password only after these.
  [/(sshpass(?:[ \t]+-[A-Za-oq-z]\S*)*[ \t]+-p)[ \t]*\S+/g, `$1 ${MASK}`],
  [/(redis-cli(?:[ \t]+\S+){0,20}?[ \t]+-a)[ \t]+\S+/g, `$1 ${MASK}`],
  // A bare AWS secret access key: a 40-character base64 word (a 40-character hex hash goes too),
  // but not a path.
  [/(?<![A-Za-z0-9/+])[A-Za-z0-9+][A-Za-z0-9/+]{39}(?![A-Za-z0-9/+=])/g, MASK],
  // Token shapes, wherever they stand.
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, MASK],
  [/\bxox[a-z]-[A-Za-z0-9-]{6,}/g, MASK],
  [/\bxapp-[A-Za-z0-9-]{6,}/g, MASK],
  [/\bgl(?:pat|dt|rt|ptt|cbt|soat)-[A-Za-z0-9_.-]{10,}/g, MASK],
  [
    /(?<![A-Za-z0-9_-])sk-(?:(?:proj|svcacct|admin|ant)-[A-Za-z0-9_-]{16,}|[A-Za-z0-9]{32,})/g,
    MASK,
  ],
  [/AIza[0-9A-Za-z_-]{35}/g, MASK],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/g, MASK],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}/g, MASK],
  [/\b[sr]k_(?:live|test)_[A-Za-z0-9]{10,}/g, MASK],
  [/(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]*/g, MASK],
  // Presigned URLs (S3, Azure SAS): the signature grants access on its own.
  [/((?:x-amz-signature|[?&]signature|[?&]sig)=)[^&\s"]+/gi, `$1${MASK}`],
];

/**
 * Masks tokens (Slack, GitHub, GitLab, OpenAI, Google, AWS keys, JWTs, `Bearer …`,
 * `Authorization:` values), passwords (`password=…`, `--password …`, `"password": "…"`,
 * `curl -u`, `sshpass -p`, `redis-cli -a`), PEM private keys, presigned-URL signatures,
 * credentials in URLs and `*_TOKEN=`, `*_SECRET=`, `*_KEY=` assignments.
 *
 * @example redactSecrets('mysql://bob:Sup3r@db/x') // 'mysql://bob:***@db/x'
 */
export const redactSecrets = (text: string): string =>
  RULES.reduce(
    (out, [pattern, replacement]) =>
      typeof replacement === 'string'
        ? out.replace(pattern, replacement)
        : out.replace(pattern, replacement),
    text,
  );
