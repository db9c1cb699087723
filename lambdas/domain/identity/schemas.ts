import * as z from '#shared/zod.js';
import { Address, AddressBody, PersonName } from './address-schemas.js';
import { PASSWORD_POLICY_TEXT, isValidCpf, normalizeCpf, normalizePhone, passwordViolations } from './rules.js';

export { Address, AddressBody, PersonName };

export const Email = z.pipe(z
  .string().check(z.trim(), z.toLowerCase()), z.email({ message: 'Must be a valid email address' }).check(z.maxLength(254)));

export const Password = z.string().check(z.superRefine((value, ctx) => {
  const broken = passwordViolations(value);
  if (broken.length > 0) {
    ctx.addIssue({ code: 'custom', message: `${PASSWORD_POLICY_TEXT}; missing: ${broken.join(', ')}` });
  }
}));

export const Phone = z.pipe(z.string(), z.transform((value, ctx) => {
  const e164 = normalizePhone(value);
  if (!e164) {
    // zod/mini's transform context has no addIssue (classic adds it); the issue is the same.
    ctx.issues.push({ code: 'custom', message: 'Phone must be E.164 (+5511987654321) or a Brazilian number with area code', input: value });
    return z.NEVER;
  }
  return e164;
}));

export const Cpf = z.pipe(z
  .string().check(z.refine(isValidCpf, { message: 'CPF is invalid (check digits do not match)' })), z.transform(normalizeCpf));

export const RegisterBody = z.object({
  email: Email,
  password: Password,
  name: PersonName,
  phone: z.optional(Phone),
  cpf: z.optional(Cpf),
});

export const RegisterResponse = z.object({ userId: z.string() });

export const ConfirmBody = z.object({ email: Email, code: z.string().check(z.trim(), z.minLength(1), z.maxLength(16)) });

export const LoginBody = z.object({ email: Email, password: z.string().check(z.minLength(1), z.maxLength(256)) });

export const TokensResponse = z.object({
  accessToken: z.string(),
  idToken: z.string(),
  refreshToken: z.string(),
  expiresIn: z.number().check(z.int()),
  tokenType: z.literal('Bearer'),
});

export const RefreshBody = z.object({ refreshToken: z.string().check(z.minLength(1), z.maxLength(8192)) });

export const RefreshResponse = z.pick(TokensResponse, { accessToken: true, idToken: true, expiresIn: true });

export const PasswordResetBody = z.object({ email: Email });

export const PasswordResetConfirmBody = z.object({
  email: Email,
  code: z.string().check(z.trim(), z.minLength(1), z.maxLength(16)),
  newPassword: Password,
});

export const ChangePasswordBody = z.object({
  currentPassword: z.string().check(z.minLength(1), z.maxLength(256)),
  newPassword: Password,
}).check(z.superRefine((value, ctx) => {
  if (value.newPassword === value.currentPassword) {
    ctx.addIssue({ code: 'custom', path: ['newPassword'], message: 'newPassword must differ from currentPassword' });
  }
}));

export const Profile = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  phone: z.nullable(z.string()),
  cpf: z.nullable(z.string()),
  roles: z.array(z.enum(['customer', 'admin'])),
  createdAt: z.string(),
});

export const PatchProfileBody = z.pipe(z
  .object({
    name: z.optional(PersonName),
    phone: z.optional(z.nullable(Phone)),
    email: z.optional(z.unknown()),
  }).check(z.superRefine((value, ctx) => {
    if (value.email !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['email'], message: 'email is immutable' });
    }
  })), z.transform(({ name, phone }) => ({ name, phone })));

export const AddressList = z.object({ items: z.array(Address), nextCursor: z.nullable(z.string()) });

export const IdParam = z.object({ id: z.string().check(z.minLength(1), z.maxLength(64)) });

const Limit = z.pipe(z.pipe(z.string().check(z.regex(/^\d+$/, { message: 'limit must be an integer from 1 to 100' })), z.transform(Number)), z.number().check(z.int(), z.gte(1, { message: 'limit must be at least 1' }), z.lte(100, { message: 'limit must be at most 100' })));

export const UserIdParam = z.object({ userId: z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/, { message: 'userId must be a user id' })) });

export const Admin = z.object({
  userId: z.string(),
  email: z.nullable(z.string()),
  name: z.nullable(z.string()),
  grantedAt: z.string(),
  /** The admin who granted the role, or `identity-provider` for admins found in the group when the roster was created. */
  grantedBy: z.string(),
});

export const AdminList = z.object({ items: z.array(Admin) });

export const AdminChange = z.object({
  id: z.string(),
  action: z.enum(['grant', 'revoke']),
  userId: z.string(),
  actorId: z.string(),
  at: z.string(),
});

export const AdminChangeList = z.object({ items: z.array(AdminChange), nextCursor: z.nullable(z.string()) });

export const AdminChangesQuery = z.object({ limit: z.optional(Limit), cursor: z.optional(z.string().check(z.maxLength(2048))) });

export const CustomerSearchQuery = z.object({
  q: z.string().check(z.minLength(1, { message: 'q is required' }), z.maxLength(100, { message: 'q must be at most 100 characters' })),
  by: z.optional(z.enum(['email', 'name', 'cpf'], { message: 'by must be email, name or cpf' })),
  limit: z.optional(Limit),
  cursor: z.optional(z.string().check(z.maxLength(2048))),
});

export const CustomerSummary = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  cpf: z.nullable(z.string()),
  createdAt: z.string(),
  /** Orders placed, paid or not. */
  orderCount: z.number().check(z.int(), z.gte(0)),
  paidOrders: z.number().check(z.int(), z.gte(0)),
  /** Paid less refunded, in cents. */
  lifetimeValueCents: z.number().check(z.int()),
});

export const CustomerSearchResult = z.object({ items: z.array(CustomerSummary), nextCursor: z.nullable(z.string()) });

export type RegisterInput = z.infer<typeof RegisterBody>;
export type ProfileView = z.infer<typeof Profile>;
export type AddressInput = z.infer<typeof AddressBody>;
export type AddressView = z.infer<typeof Address>;
