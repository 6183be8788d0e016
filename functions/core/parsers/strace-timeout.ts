/**
 * Whether a raw strace line shows a wait that could not wait: `poll(…, 0)`, `epoll_wait(…, 0)`,
 * `select(…, {tv_sec=0, tv_usec=0})`, `nanosleep({tv_sec=0, tv_nsec=0}, …)`. A loop of these
 * is a busy-wait even though the names are those of an idle event loop (`epoll_wait(5, [],
 * 1024, 0) = 0` thousands of times a second).
 */

/**
 * Where each wait keeps its timeout, counted from the end: a `<... name resumed>` line carries
 * only the tail of the arguments, and strace prints them all.
 */
const TIMEOUT_FROM_END: Record<string, number> = {
  poll: 1,
  epoll_wait: 1,
  select: 1,
  _newselect: 1,
  ppoll: 3,
  epoll_pwait: 3,
  epoll_pwait2: 3,
  pselect6: 2,
  nanosleep: 2,
  clock_nanosleep: 2,
};

/** `0` ms, or a timespec/timeval of zeros in strace's old (`{0, 0}`) or named form. */
const ZERO = /^(?:0|\{\s*(?:tv_sec=)?0,\s*(?:tv_[nu]sec=)?0\s*\})$/;

/** The arguments at the top level of `text` (brackets, braces and quotes kept whole). */
export const topLevelArguments = (text: string): string[] => {
  const args: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  args.push(text.slice(start).trim());
  return args;
};

/**
 * For a wait call, whether its timeout was zero; null for other calls and when the line does
 * not show the timeout (cut short, or only the tail of a resumed call). `args` is the text
 * between the call's parentheses, or the tail after `resumed>`.
 */
export const zeroTimeout = (name: string, args: string): boolean | null => {
  const back = Object.hasOwn(TIMEOUT_FROM_END, name) ? TIMEOUT_FROM_END[name] : undefined;
  if (back === undefined) return null;
  const list = topLevelArguments(args);
  const value = list[list.length - back];
  if (value === undefined || value === '') return null;
  return ZERO.test(value);
};
