import type { Context } from 'aws-lambda';

/** The Lambda context a handler gets, for the function `name` with `timeoutMs` left. */
export const lambdaContext = (name: string, timeoutMs: number): Context =>
  ({
    functionName: `AlertTriage-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:AlertTriage-${name}`,
    memoryLimitInMB: '512',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: `/aws/lambda/AlertTriage-${name}`,
    logStreamName: '2026/11/22/[$LATEST]abcdef',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => timeoutMs,
  }) as unknown as Context;
