/**
 * Imported first by the table scripts: without an AWS region they talk to the local stack's
 * DynamoDB Local (TABLE_NAME=store-local, DYNAMODB_ENDPOINT=http://127.0.0.1:8000); with one, to AWS.
 */
process.env.TABLE_NAME ??= 'store-local';
if (!process.env.AWS_REGION && !process.env.AWS_DEFAULT_REGION) {
  process.env.DYNAMODB_ENDPOINT ??= 'http://127.0.0.1:8000';
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
}
