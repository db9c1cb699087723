import * as z from 'zod';
import { PASSWORD_POLICY_TEXT, UFS, isValidCep, isValidCpf, normalizeCep, normalizeCpf, normalizePhone, passwordViolations } from './rules.js';

export const Email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Must be a valid email address' }).max(254));

export const Password = z.string().superRefine((value, ctx) => {
  const broken = passwordViolations(value);
  if (broken.length > 0) {
    ctx.addIssue({ code: 'custom', message: `${PASSWORD_POLICY_TEXT}; missing: ${broken.join(', ')}` });
  }
});

export const PersonName = z.string().trim().min(1).max(120);

export const Phone = z.string().transform((value, ctx) => {
  const e164 = normalizePhone(value);
  if (!e164) {
    ctx.addIssue({ code: 'custom', message: 'Phone must be E.164 (+5511987654321) or a Brazilian number with area code' });
    return z.NEVER;
  }
  return e164;
});

export const Cpf = z
  .string()
  .refine(isValidCpf, { message: 'CPF is invalid (check digits do not match)' })
  .transform(normalizeCpf);

export const RegisterBody = z.object({
  email: Email,
  password: Password,
  name: PersonName,
  phone: Phone.optional(),
  cpf: Cpf.optional(),
});

export const RegisterResponse = z.object({ userId: z.string() });

export const ConfirmBody = z.object({ email: Email, code: z.string().trim().min(1).max(16) });

export const LoginBody = z.object({ email: Email, password: z.string().min(1).max(256) });

export const TokensResponse = z.object({
  accessToken: z.string(),
  idToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number().int(),
  tokenType: z.literal('Bearer'),
});

export const RefreshBody = z.object({ refreshToken: z.string().min(1).max(8192) });

export const RefreshResponse = TokensResponse.pick({ accessToken: true, idToken: true, expiresIn: true });

export const PasswordResetBody = z.object({ email: Email });

export const PasswordResetConfirmBody = z.object({
  email: Email,
  code: z.string().trim().min(1).max(16),
  newPassword: Password,
});

export const Profile = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  cpf: z.string().nullable(),
  roles: z.array(z.enum(['customer', 'admin'])),
  createdAt: z.string(),
});

export const PatchProfileBody = z
  .object({
    name: PersonName.optional(),
    phone: Phone.nullable().optional(),
    email: z.unknown().optional(),
  })
  .superRefine((value, ctx) => {
    if (value.email !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'email is immutable' });
    }
  })
  .transform(({ name, phone }) => ({ name, phone }));

export const AddressBody = z.object({
  label: z.string().trim().min(1).max(40),
  recipient: PersonName,
  street: z.string().trim().min(1).max(200),
  number: z.string().trim().min(1).max(20),
  complement: z.string().trim().max(100).optional(),
  district: z.string().trim().min(1).max(100),
  city: z.string().trim().min(1).max(100),
  state: z
    .string()
    .trim()
    .toUpperCase()
    .pipe(z.enum(UFS, { message: 'state must be a valid UF (e.g. SP, RJ)' })),
  cep: z
    .string()
    .refine(isValidCep, { message: 'CEP must have exactly 8 digits' })
    .transform(normalizeCep),
});

export const Address = AddressBody.extend({
  id: z.string(),
  complement: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const AddressList = z.object({ items: z.array(Address), nextCursor: z.string().nullable() });

export const IdParam = z.object({ id: z.string().min(1).max(64) });

export type RegisterInput = z.infer<typeof RegisterBody>;
export type ProfileView = z.infer<typeof Profile>;
export type AddressInput = z.infer<typeof AddressBody>;
export type AddressView = z.infer<typeof Address>;
