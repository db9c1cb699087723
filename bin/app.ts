#!/usr/bin/env node
/**
 * CDK entry point (cdk.json: `npx tsx bin/app.ts`). Stage parameters come from context:
 *   npx cdk deploy --all -c stage=prod -c alarmEmail=ops@example.com -c corsOrigins=https://shop.example.com
 * See docs/deploy.md.
 */
import { buildApp } from '../lib/app.js';

buildApp();
