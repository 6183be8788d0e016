/**
 * Registers aws-sdk-client-mock-vitest's matchers (`toHaveReceivedCommandWith`, …). Test files
 * that mock SDK clients import this first; vitest.config.ts stays shared and untouched.
 */
import 'aws-sdk-client-mock-vitest/extend';
