/** `npm run reset`: wipes the local stack's data (DynamoDB, Cognito emulator, outbox, admin). */
import { rm } from 'node:fs/promises';
import path from 'node:path';

const dataDir = path.resolve(process.env.DATA_DIR ?? '.data');
await rm(dataDir, { recursive: true, force: true });
console.log(`Removed ${dataDir}`);
