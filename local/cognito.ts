/**
 * The Cognito emulator (npm `cognito-local`), run in-process so that:
 *  - its data lives under the stack's data dir and survives restarts;
 *  - the messages it sends (confirmation and reset codes) land in the local outbox;
 *  - its CustomMessage trigger runs this repo's own trigger handler, as Cognito does in AWS.
 * The pool, group and client are created from lib/user-pool-definition.ts.
 */
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import {
  CognitoIdentityProviderClient, CreateGroupCommand, CreateUserPoolClientCommand, CreateUserPoolCommand,
  ListUserPoolClientsCommand, ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { USER_POOL_DEFINITION } from '../lib/user-pool-definition.js';
import { SUBJECTS } from '../lambdas/domain/identity/messages.js';
import { cognitoTriggers, testHooks } from '../lambdas/routes.js';
import { appendOutbox } from '../lambdas/adapters/notifications/outbox.js';

const require = createRequire(import.meta.url);
const services = require('cognito-local/lib/services');
const { CryptoService } = require('cognito-local/lib/services/crypto');
const { CognitoServiceFactoryImpl } = require('cognito-local/lib/services/cognitoService');
const { StormDBDataStoreFactory } = require('cognito-local/lib/services/dataStore/stormDb');
const { MessageDeliveryService } = require('cognito-local/lib/services/messageDelivery/messageDelivery');
const { otp } = require('cognito-local/lib/services/otp');
const { JwtTokenGenerator } = require('cognito-local/lib/services/tokenGenerator');
const { UserPoolServiceFactoryImpl } = require('cognito-local/lib/services/userPoolService');
const { Router } = require('cognito-local/lib/server/Router');
const { createServer } = require('cognito-local/lib/server/server');
const pino = createRequire(require.resolve('cognito-local'))('pino');

export type InvokeHandler = (handlerName: string, event: unknown) => Promise<unknown>;

export interface LocalCognito {
  endpoint: string;
  userPoolId: string;
  clientId: string;
  issuer: string;
  jwksUri: string;
  stop(): Promise<void>;
}

interface CognitoMessage { __code?: string; emailSubject?: string; emailMessage?: string; smsMessage?: string }

export async function startCognito(options: { dataDir: string; port: number; invoke: InvokeHandler }): Promise<LocalCognito> {
  const hostname = '127.0.0.1';
  const logger = pino({ level: process.env.COGNITO_LOG_LEVEL ?? 'silent' });
  const ctx = { logger };
  const issuerDomain = `http://${hostname}:${options.port}`;
  const config = {
    // The local stack is a test stage: sign-ups at TEST_EMAIL_DOMAIN are confirmed at once, as in a deployed one.
    TriggerFunctions: { CustomMessage: cognitoTriggers.customMessage, PreSignUp: testHooks.preSignUp },
    UserPoolDefaults: { UsernameAttributes: [...USER_POOL_DEFINITION.usernameAttributes] },
    TokenConfig: { IssuerDomain: issuerDomain },
    KMSConfig: { credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, region: 'local' },
    ServerConfig: { port: options.port, hostname, development: false, https: false },
  };
  const clock = new services.DateClock();
  const dataDirectory = path.join(options.dataDir, 'db');
  const dataStoreFactory = new StormDBDataStoreFactory(dataDirectory);
  const cognitoClient = await new CognitoServiceFactoryImpl(
    dataDirectory,
    dataStoreFactory,
    new UserPoolServiceFactoryImpl(clock, dataStoreFactory),
  ).create(ctx, config.UserPoolDefaults);

  // Triggers run this repo's handlers in-process, through a Lambda-client-shaped adapter.
  const lambdaClient = {
    invoke: (params: { FunctionName: string; Payload: string }) => ({
      promise: async () => {
        try {
          const result = await options.invoke(params.FunctionName, JSON.parse(params.Payload));
          return { StatusCode: 200, Payload: JSON.stringify(result) };
        } catch (error) {
          return { StatusCode: 200, FunctionError: 'Unhandled', Payload: JSON.stringify({ errorMessage: (error as Error).message }) };
        }
      },
    }),
  };
  const triggers = new services.TriggersService(
    clock, cognitoClient, new services.LambdaService(config.TriggerFunctions, lambdaClient), new CryptoService(config.KMSConfig),
  );
  const record = (type: 'email' | 'sms') => async (_ctx: unknown, user: { Username: string }, destination: string, message: CognitoMessage) => {
    await appendOutbox({
      channel: type,
      to: destination,
      type: message.emailSubject === SUBJECTS.passwordReset ? 'password-reset' : message.emailSubject === SUBJECTS.invitation ? 'invitation' : 'confirmation',
      subject: type === 'email' ? message.emailSubject ?? null : null,
      body: (type === 'email' ? message.emailMessage : message.smsMessage) ?? '',
      code: message.__code ?? null,
      userId: user.Username,
    });
  };
  const messageSender = { sendEmail: record('email'), sendSms: record('sms') };
  const serviceBag = {
    clock,
    cognito: cognitoClient,
    config,
    messages: new services.MessagesService(triggers, new MessageDeliveryService(messageSender)),
    otp,
    tokenGenerator: new JwtTokenGenerator(clock, triggers, config.TokenConfig),
    triggers,
  };
  const server: Server = await createServer(Router(serviceBag), logger, config.ServerConfig, serviceBag).start();
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://${hostname}:${port}`;
  const ids = await ensurePool(endpoint);
  return {
    endpoint,
    ...ids,
    issuer: `${issuerDomain}/${ids.userPoolId}`,
    jwksUri: `${endpoint}/${ids.userPoolId}/.well-known/jwks.json`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Finds the pool and client made on an earlier start, or creates them from the definition. */
async function ensurePool(endpoint: string): Promise<{ userPoolId: string; clientId: string }> {
  const idp = new CognitoIdentityProviderClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const poolName = 'store-users';
  const pools = await idp.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let userPoolId = pools.UserPools?.find((p) => p.Name === poolName)?.Id;
  if (!userPoolId) {
    const policy = USER_POOL_DEFINITION.passwordPolicy;
    const created = await idp.send(new CreateUserPoolCommand({
      PoolName: poolName,
      UsernameAttributes: [...USER_POOL_DEFINITION.usernameAttributes],
      AutoVerifiedAttributes: ['email'],
      Policies: {
        PasswordPolicy: {
          MinimumLength: policy.minLength,
          RequireLowercase: policy.requireLowercase,
          RequireUppercase: policy.requireUppercase,
          RequireNumbers: policy.requireDigits,
          RequireSymbols: policy.requireSymbols,
        },
      },
    }));
    userPoolId = created.UserPool!.Id!;
    for (const group of USER_POOL_DEFINITION.groups) {
      await idp.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: group.name, Description: group.description }));
    }
  }
  const clients = await idp.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }));
  let clientId = clients.UserPoolClients?.find((c) => c.ClientName === USER_POOL_DEFINITION.client.name)?.ClientId;
  if (!clientId) {
    const c = USER_POOL_DEFINITION.client;
    const created = await idp.send(new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: c.name,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AccessTokenValidity: c.accessTokenValidityMinutes,
      IdTokenValidity: c.idTokenValidityMinutes,
      RefreshTokenValidity: c.refreshTokenValidityDays,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
      PreventUserExistenceErrors: 'ENABLED',
    }));
    clientId = created.UserPoolClient!.ClientId!;
  }
  return { userPoolId, clientId };
}
