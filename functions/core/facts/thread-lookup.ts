/**
 * Threads a person looked up by id: `jstack 28 | grep 0x48` is the last step of the usual hunt
 * (top -H names the hot thread's id, printf '%x' turns it into jstack's `nid=`), so the entry it
 * finds is the thread top -H showed hot, even though the paste carries no CPU figure.
 */
import { normalizeCommand } from '../capture/command.js';
import { blocksOf, type Capture } from '../capture/read.js';
import { dumpedPid } from './processes.js';
import { sourceOf } from './source.js';
import type { LookedUpThread } from './types.js';

/** A grep for a hex thread id: `grep 0x48`, `grep -A 20 "nid=0x1d5e"`. */
const NID_GREP = /\bgrep\b[^|]*?\b(?:nid=)?0x([0-9a-f]{1,8})\b/i;

export const deriveLookedUpThreads = (capture: Capture): LookedUpThread[] =>
  blocksOf(capture, 'jstack').flatMap((block) => {
    const hex = NID_GREP.exec(block.command ?? '')?.[1];
    if (hex === undefined) return [];
    const nid = Number.parseInt(hex, 16);
    const found = block.data.threads.filter((t) => t.nid === nid);
    const thread = found[0];
    if (found.length !== 1 || !thread) return [];
    const pid = dumpedPid(normalizeCommand(block.command ?? ''));
    return [{ name: thread.name, nid, source: sourceOf(block), ...(pid ? { pid } : {}) }];
  });
