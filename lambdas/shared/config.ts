/**
 * Configuration from the environment. Each adapter asks for the variables it needs when it is
 * first loaded (outside the handler), so a function missing one fails at start-up, loudly.
 * Nothing here knows whether it runs in Lambda or in the local stack: only the values differ.
 */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    throw new Error(`Missing required environment variable ${name}`);
  }
  return value;
}

/** Reads only (the annotation lets esbuild drop an unused value computed from it). */
export function optionalEnv(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** Endpoint override for an AWS service (set only by the local stack). */
export function awsEndpoint(service: 'DYNAMODB' | 'COGNITO' | 'EVENTBRIDGE' | 'SQS' | 'S3'): string | undefined {
  return optionalEnv(`${service}_ENDPOINT`);
}
