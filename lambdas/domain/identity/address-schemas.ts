/**
 * A person's name and a delivery address: the schemas orders share with identity, in a module of their
 * own so that an order function's bundle does not carry every identity schema (zod schemas are built at
 * load, so esbuild keeps a module's unused ones; docs/benchmarks.md §2).
 */
import { plainText } from '#shared/text.js';
import * as z from '#shared/zod.js';
import { UFS, isValidCep, normalizeCep } from './rules.js';

export const PersonName = z.string().check(z.trim(), z.minLength(1), z.maxLength(120), plainText());

export const AddressBody = z.object({
  label: z.string().check(z.trim(), z.minLength(1), z.maxLength(40), plainText()),
  recipient: PersonName,
  street: z.string().check(z.trim(), z.minLength(1), z.maxLength(200), plainText()),
  number: z.string().check(z.trim(), z.minLength(1), z.maxLength(20), plainText()),
  complement: z.optional(z.string().check(z.trim(), z.maxLength(100), plainText())),
  district: z.string().check(z.trim(), z.minLength(1), z.maxLength(100), plainText()),
  city: z.string().check(z.trim(), z.minLength(1), z.maxLength(100), plainText()),
  state: z.pipe(z
    .string().check(z.trim(), z.toUpperCase()), z.enum(UFS, { message: 'state must be a valid UF (e.g. SP, RJ)' })),
  cep: z.pipe(z
    .string().check(z.refine(isValidCep, { message: 'CEP must have exactly 8 digits' })), z.transform(normalizeCep)),
});

export const Address = z.extend(AddressBody, {
  id: z.string(),
  complement: z.nullable(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

