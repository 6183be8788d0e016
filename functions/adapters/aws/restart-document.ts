/**
 * The content of the stack's second SSM Command document (remediation only): it restarts one
 * systemd unit and can do nothing else. Its one parameter is held by SSM to
 * {@link RESTART_UNIT} (a plain `.service` name) before the command reaches the host, so
 * whoever may send it cannot run a command of their choosing: no free-form shell, no other
 * `systemctl` verb. Beanstalk's app server is the unit `web.service`.
 */
import { RESTART_UNIT } from '../../core/remedy/offers.js';

/** The document's parameter, by the name SendCommand's `Parameters` use. */
export const RESTART_PARAMETERS = { unit: 'unit' } as const;

/** The document's content (`AWS::SSM::Document` `Content`, DocumentType `Command`). */
export const restartDocumentContent = () => ({
  schemaVersion: '2.2',
  description: 'alert-triage: restart one systemd unit (a fix approved in Slack).',
  parameters: {
    [RESTART_PARAMETERS.unit]: {
      type: 'String',
      description: 'The systemd unit to restart, e.g. web.service (Elastic Beanstalk’s app).',
      allowedPattern: RESTART_UNIT.source,
    },
  },
  mainSteps: [
    {
      action: 'aws:runShellScript',
      name: 'restartUnit',
      precondition: { StringEquals: ['platformType', 'Linux'] },
      inputs: {
        timeoutSeconds: '120',
        // The value is held to the pattern above; the quotes are a second fence.
        runCommand: [
          `systemctl restart -- '{{ ${RESTART_PARAMETERS.unit} }}'`,
          `systemctl is-active -- '{{ ${RESTART_PARAMETERS.unit} }}'`,
        ],
      },
    },
  ],
});
