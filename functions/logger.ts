/**
 * The one Powertools Logger of the Lambdas: JSON lines with `service: alert-triage`, the
 * Lambda context once `addContext` is called, and per-invocation keys (`triageId`,
 * `alarmName`, `instanceId`) through `appendKeys`. Core code never logs; adapters and use
 * cases get it as the minimal `Log` port. Never log tokens or raw capture text.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'alert-triage' });
