/**
 * What the Slack function reads of a Lambda Function URL request (payload format 2.0), and
 * what it answers. Function URLs lower-case header names and base64-encode form bodies; the
 * signature covers the bytes Slack sent, so the body is kept as bytes until it is verified.
 */
export interface FunctionUrlRequest {
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
}

export interface FunctionUrlResponse {
  statusCode: number;
  body: string;
}

/** A header's value, whatever the case of its name. */
export const headerOf = (request: FunctionUrlRequest, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
};

/** The body as Slack sent it: decoded from base64 when the Function URL encoded it. */
export const rawBodyOf = (request: FunctionUrlRequest): Buffer =>
  Buffer.from(request.body ?? '', request.isBase64Encoded ? 'base64' : 'utf8');
