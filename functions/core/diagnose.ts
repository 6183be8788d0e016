/**
 * The one way from what a capture printed to a triage, shared by the CLI (`classify`, `local`)
 * and the capture-done function: decode the output (gzip+base64 framing or plain), append the
 * context blocks gathered apart from the host (the AWS ones: describe-instances, credit
 * specification, metrics), mask secrets, read the document, classify it.
 *
 * The masking is the second redaction layer (the capture script's `redact` is the first, on
 * the host): it runs here, before anything is stored, printed or posted, so a capture from an
 * older script or pasted by hand is masked as well.
 */
import { decodeCaptureOutput } from './capture/decode.js';
import { type Capture, readCapture } from './capture/read.js';
import { classify, type Triage } from './classify.js';
import type { FactOptions } from './facts/derive.js';
import { redactSecrets } from './redact.js';

export interface DiagnoseOptions extends FactOptions {
  /**
   * Capture-document blocks to read after the host's own (`==> aws ec2 describe-instances … <==`
   * and the like); nothing by default.
   */
  context?: string;
}

/** A capture's output, read and classified. */
export interface DiagnosedCapture {
  /** The host's capture, decoded, with the context blocks after it: what is stored and shown. */
  document: string;
  capture: Capture;
  triage: Triage;
  /** Whether the output arrived gzip+base64 framed. */
  compressed: boolean;
  /**
   * How many blocks came from the host's own output: none means the capture printed nothing
   * readable (its preamble at most), whatever the context adds.
   */
  hostBlocks: number;
}

export type Diagnosed = ({ ok: true } & DiagnosedCapture) | { ok: false; error: string };

/**
 * Decodes, reads and classifies a capture's output. Pure and total: an output whose framing is
 * cut off or corrupted gives `ok: false` with the reason; anything else gives a triage (pasted
 * text with nothing recognisable is still read, and says what it lacks).
 */
export const diagnose = (output: string, options: DiagnoseOptions = {}): Diagnosed => {
  const decoded = decodeCaptureOutput(output);
  if (!decoded.ok) return { ok: false, error: decoded.error };
  const { context = '', ...facts } = options;
  // The context starts on a line of its own, right after the host's text.
  const host = context ? decoded.text.replace(/\n*$/, '\n') : decoded.text;
  const document = redactSecrets(host + context);
  const firstContextLine = context ? host.split('\n').length : Number.POSITIVE_INFINITY;
  const capture = readCapture(document);
  return {
    ok: true,
    document,
    capture,
    triage: classify(capture, facts),
    compressed: decoded.compressed,
    hostBlocks: capture.blocks.filter((b) => b.line < firstContextLine).length,
  };
};
