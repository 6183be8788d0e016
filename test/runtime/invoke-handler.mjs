// Runs in the Node under test (tools/node24): imports one bundled Lambda handler, invokes it once
// as the Lambda runtime would, with (event, context), and prints one JSON line naming the Node
// version and whether the invocation resolved or threw. The handler's own log lines come before
// it on stdout.
//
//   node invoke-handler.mjs BUNDLE EVENT_JSON CONTEXT_JSON
import { pathToFileURL } from 'node:url';

const [bundle, event, context] = process.argv.slice(2);
const { handler } = await import(pathToFileURL(bundle).href);
const report = { invoked: true, node: process.version, arity: handler.length };
const lambdaContext = { ...JSON.parse(context), getRemainingTimeInMillis: () => 30_000 };
try {
  const result = await handler(JSON.parse(event), lambdaContext);
  console.log(JSON.stringify({ ...report, outcome: 'resolved', result: result ?? null }));
} catch (error) {
  console.log(JSON.stringify({ ...report, outcome: 'threw', error: String(error) }));
  process.exitCode = 1;
}
