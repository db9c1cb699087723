/** The identity context's adapters: the Cognito user pool, profiles and addresses, login sessions, the admin roster. */
export { cognitoIdentityProvider as idp } from '#adapters/cognito/identity-provider.js';
export { accountOrders } from '#adapters/dynamodb/account-orders.js';
export { sessionStore as sessions, userRepository as users } from '#adapters/dynamodb/users.js';
export { adminRoster } from '#adapters/dynamodb/admins.js';
export { customerDirectory } from '#adapters/dynamodb/customer-search.js';
