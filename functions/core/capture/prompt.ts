/**
 * The command lines a person pastes along with outputs: shell prompts of every common shape
 * (`$ top -b`, `root@web-1:~# ps aux`, `[ec2-user@ip-10-0-0-1 ~]$ free -m`, `user@host ~ $ w`,
 * zsh's `35% [jack:~]free -m`, a root `# vmstat 2`) and bare command lines (`sudo vmstat 5`,
 * `/usr/bin/aws cloudwatch get-metric-statistics …`). Each names the command whose output
 * follows, so it acts as a block header.
 */

/**
 * Tools whose output the reader knows or people paste beside it. A loose prompt shape (no user
 * and host) or a bare line counts as a command only when it starts with one of these, so a
 * line of output or prose is not taken for one.
 */
const KNOWN_COMMANDS = [
  'top',
  'htop',
  'atop',
  'vmstat',
  'iostat',
  'mpstat',
  'pidstat',
  'sar',
  'dstat',
  'iotop',
  'ps',
  'free',
  'cat',
  'uptime',
  'w',
  'uname',
  'strace',
  'ltrace',
  'perf',
  'jstack',
  'jcmd',
  'jstat',
  'jmap',
  'dmesg',
  'journalctl',
  'ss',
  'netstat',
  'aws',
  'slabtop',
  'pgrep',
  'pidof',
  'grep',
  'egrep',
  'tail',
  'head',
  'nproc',
  'lscpu',
  'py-spy',
  'kubectl',
  'docker',
];

const COMMAND = `(?:[A-Z_][A-Z0-9_]*=\\S*\\s+)*(?:sudo\\s+(?:-\\S+\\s+)*)?(?:(?:/usr)?/s?bin/)?(?:${KNOWN_COMMANDS.map(
  (c) => c.replace('-', '\\-'),
).join('|')})`;

/**
 * What may follow a command's name: any tokens but a lone `-`, which is how top's own first
 * line goes on (`top - 13:35:56 up …`).
 */
const ARGUMENTS = String.raw`(?:\s+(?!-(?:\s|$))\S+)*\s*`;

/** A known command and its arguments, as a whole line. */
const KNOWN_LINE = new RegExp(`^(${COMMAND}(?=\\s|$)${ARGUMENTS})$`);

/** Prompts that say they are prompts (a user and host, or a shell name): any command follows. */
const PROMPTS = [
  /^\$ +(\S.*)$/,
  // user@host:path$ , user@host path # , user@host(env):~$ , (venv) user@host:~$
  /^(?:\([\w.-]+\) ?)?[\w.-]+@[\w.()-]+(?:[: ][^\s#$]*)? ?[#$] +(\S.*)$/,
  /^\[[\w.-]+@[\w.-]+ [^\]]*\][#$] +(\S.*)$/,
  /^(?:sh|bash)(?:-[\d.]+)?[#$] +(\S.*)$/,
];

/** Prompts too loose to trust alone: the command after them must be a known one. */
const LOOSE_PROMPTS = [
  /^\$(\S.*)$/, // `$free -m`
  /^# +(\S.*)$/, // root's `# vmstat 2`
  /^\d{1,3}% \[[^\]\s]+\] ?(\S.*)$/, // zsh with the battery: `35% [jack:~]free -m`
  /^➜ +\S+ +(\S.*)$/, // oh-my-zsh: `➜  ~ top`
  /^[\w.-]+:[^\s#$]* ?[#>] +(\S.*)$/, // SUSE `host:~ # top`
];

/** Plain words after a bare command, from which the line reads as prose, not a command. */
const PROSE_WORDS = 3;

/**
 * A bare line is a command when it has the shape of one: no prose punctuation at its end, and
 * options, numbers, paths or pipes rather than a run of plain words (`top shows it is busy`).
 */
const looksTyped = (line: string): boolean => {
  if (!KNOWN_LINE.test(line) || /[.:,!?]$/.test(line)) return false;
  const args = line.split(/\s+/).slice(1);
  const words = args.filter((a) => /^[A-Za-z][a-z]*$/.test(a)).length;
  return words < PROSE_WORDS || args.some((a) => /^(?:-|\d|\||\.{0,2}\/)/.test(a));
};

/** The command a pasted line runs, or null when the line is not a command line. */
export const promptCommand = (line: string): string | null => {
  for (const p of PROMPTS) {
    const m = p.exec(line);
    if (m) return (m[1] ?? '').trim();
  }
  for (const p of LOOSE_PROMPTS) {
    const m = p.exec(line);
    const command = (m?.[1] ?? '').trim();
    if (m && KNOWN_LINE.test(command)) return command;
  }
  const bare = line.trimEnd();
  return bare === line.trim() && looksTyped(bare) ? bare : null;
};
