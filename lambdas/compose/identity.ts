/** The identity context's adapters: the Cognito user pool, profiles and addresses, login sessions. */
export { cognitoIdentityProvider as idp } from '#adapters/cognito/identity-provider.js';
export { openOrders } from '#adapters/dynamodb/orders-open.js';
export { sessionStore as sessions, userRepository as users } from '#adapters/dynamodb/users.js';
