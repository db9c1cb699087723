import { PASSWORD } from '../../local/harness.js';
import { api, lastCode, login, newCustomer, sleep, uniqueEmail } from '../helpers/api.js';

describe('registration', () => {
  it('registers, refuses login until confirmed, confirms with the emailed pt-BR code, then logs in', async () => {
    const email = uniqueEmail('ana');
    const registered = await api('POST', '/register', {
      body: { email: email.toUpperCase(), password: PASSWORD, name: 'Ana Souza', cpf: '529.982.247-25', phone: '(11) 98765-4321' },
    });
    expect(registered.status).toBe(201);
    expect(registered.body.userId).toEqual(expect.any(String));

    const early = await login(email, PASSWORD);
    expect(early.status).toBe(403);
    expect(early.body.error.code).toBe('EMAIL_NOT_CONFIRMED');

    const outbox = await api('GET', `/_local/outbox?to=${email}&type=confirmation`);
    expect(outbox.body.items[0].subject).toBe('Confirme seu cadastro na Big E-Commerce');
    expect(outbox.body.items[0].body).toContain('Olá, Ana Souza!');

    const wrong = await api('POST', '/register/confirm', { body: { email, code: '000000' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].field).toBe('code');

    const confirmed = await api('POST', '/register/confirm', { body: { email, code: await lastCode(email, 'confirmation') } });
    expect(confirmed.status).toBe(204);

    const tokens = await login(email, PASSWORD);
    expect(tokens.status).toBe(200);
    expect(tokens.body).toEqual({
      accessToken: expect.any(String), idToken: expect.any(String), refreshToken: expect.any(String),
      expiresIn: expect.any(Number), tokenType: 'Bearer',
    });

    const me = await api('GET', '/me', { token: tokens.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      userId: registered.body.userId, email, name: 'Ana Souza', phone: '+5511987654321', cpf: '52998224725',
      roles: ['customer'], createdAt: expect.any(String),
    });
  });

  it('refuses a second account with the same email (case-insensitive) with 409 EMAIL_TAKEN', async () => {
    const email = uniqueEmail();
    expect((await api('POST', '/register', { body: { email, password: PASSWORD, name: 'A' } })).status).toBe(201);
    const again = await api('POST', '/register', { body: { email: email.toUpperCase(), password: PASSWORD, name: 'B' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('EMAIL_TAKEN');
  });

  it.each([
    ['a weak password', { password: 'fraca' }, 'password', /at least 8 characters.*an uppercase letter.*a digit.*a symbol/],
    ['a CPF with wrong check digits', { cpf: '529.982.247-24' }, 'cpf', /check digits/],
    ['an unusable phone', { phone: '123' }, 'phone', /E\.164/],
    ['a malformed email', { email: 'not-an-email' }, 'email', /email/],
    ['a missing name', { name: undefined }, 'name', /.+/],
  ])('rejects %s with 400 naming the field', async (_label, override, field, message) => {
    const body = { email: uniqueEmail(), password: PASSWORD, name: 'Teste', ...override };
    const response = await api('POST', '/register', { body });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_ERROR');
    const detail = response.body.error.details.find((d: { field: string }) => d.field === field);
    expect(detail?.message).toMatch(message);
  });
});

describe('login', () => {
  it('answers a wrong password and an unknown email with the same 401', async () => {
    const user = await newCustomer();
    const wrongPassword = await login(user.email, 'Errada#123');
    const unknownEmail = await login(uniqueEmail('ghost'), 'Errada#123');
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body).toEqual(unknownEmail.body);
  });
});

describe('profile', () => {
  it('changes name and phone, removes the phone with null, and refuses to change the email', async () => {
    const user = await newCustomer({ phone: '+5511987654321' });
    const patched = await api('PATCH', '/me', { token: user.accessToken, body: { name: 'Nome Novo', phone: '21 3456-7890' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Nome Novo', phone: '+552134567890', email: user.email });

    const cleared = await api('PATCH', '/me', { token: user.accessToken, body: { phone: null } });
    expect(cleared.body.phone).toBeNull();

    const emailChange = await api('PATCH', '/me', { token: user.accessToken, body: { email: 'other@example.com' } });
    expect(emailChange.status).toBe(400);
    expect(emailChange.body.error.details).toEqual([{ field: 'email', message: 'email is immutable' }]);
    expect((await api('GET', '/me', { token: user.accessToken })).body.email).toBe(user.email);
  });

  it('ignores unknown fields that try to change server-owned values', async () => {
    const user = await newCustomer();
    const response = await api('PATCH', '/me', { token: user.accessToken, body: { name: 'Ok', roles: ['admin'], userId: 'x', cpf: '52998224725' } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ userId: user.userId, roles: ['customer'], cpf: null, name: 'Ok' });
  });
});

describe('tokens: refresh and logout', () => {
  it('refreshes; after logout the old access token and the refresh token are dead; a new login works', async () => {
    const user = await newCustomer();
    const refreshed = await api('POST', '/token/refresh', { body: { refreshToken: user.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toEqual({ accessToken: expect.any(String), idToken: expect.any(String), expiresIn: expect.any(Number) });
    expect((await api('GET', '/me', { token: refreshed.body.accessToken })).status).toBe(200);

    expect((await api('POST', '/logout', { token: user.accessToken })).status).toBe(204);

    expect((await api('GET', '/me', { token: user.accessToken })).status).toBe(401);
    expect((await api('GET', '/me', { token: refreshed.body.accessToken })).status).toBe(401);
    const refreshAfter = await api('POST', '/token/refresh', { body: { refreshToken: user.refreshToken } });
    expect(refreshAfter.status).toBe(401);

    // Right after the logout (very likely the same second: tokens carry whole seconds), a new login
    // still gets a token that works.
    const again = await login(user.email, user.password);
    expect(again.status).toBe(200);
    expect((await api('GET', '/me', { token: again.body.accessToken })).status).toBe(200);
  });

  it('a login in the same second as a logout gets a token that works', async () => {
    const user = await newCustomer();
    // Log out early in a second, so the login that follows is in that same second.
    await sleep(1000 - (Date.now() % 1000) + 10);
    expect((await api('POST', '/logout', { token: user.accessToken })).status).toBe(204);
    const again = await login(user.email, user.password);
    expect(again.status).toBe(200);
    expect((await api('GET', '/me', { token: again.body.accessToken })).status).toBe(200);
    const refreshed = await api('POST', '/token/refresh', { body: { refreshToken: again.body.refreshToken } });
    expect(refreshed.status).toBe(200);
  });

  it('refuses a refresh token it never issued', async () => {
    const response = await api('POST', '/token/refresh', { body: { refreshToken: 'eyJhbGciOiJSUzI1NiJ9.e30.c2ln' } });
    expect(response.status).toBe(401);
  });
});

describe('password reset', () => {
  it('answers 202 for known and unknown emails alike and only mails the known one', async () => {
    const user = await newCustomer();
    const ghost = uniqueEmail('ghost');
    const known = await api('POST', '/password-reset', { body: { email: user.email } });
    const unknown = await api('POST', '/password-reset', { body: { email: ghost } });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    expect((await api('GET', `/_local/outbox?to=${ghost}`)).body.items).toEqual([]);
    const mail = (await api('GET', `/_local/outbox?to=${user.email}&type=password-reset`)).body.items[0];
    expect(mail.subject).toBe('Redefinição de senha da Big E-Commerce');
  });

  it('sets a new password with the code; a wrong code or weak password is 400', async () => {
    const user = await newCustomer();
    await api('POST', '/password-reset', { body: { email: user.email } });
    const code = await lastCode(user.email, 'password-reset');

    const wrongCode = await api('POST', '/password-reset/confirm', { body: { email: user.email, code: '999999', newPassword: 'Nova#Senha1' } });
    expect(wrongCode.status).toBe(400);
    const weak = await api('POST', '/password-reset/confirm', { body: { email: user.email, code, newPassword: 'fraca' } });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details[0].field).toBe('newPassword');

    const ok = await api('POST', '/password-reset/confirm', { body: { email: user.email, code, newPassword: 'Nova#Senha1' } });
    expect(ok.status).toBe(204);
    expect((await login(user.email, user.password)).status).toBe(401);
    expect((await login(user.email, 'Nova#Senha1')).status).toBe(200);
  });

  it('a reset for an unknown account with any code is the same 400 as a wrong code', async () => {
    const response = await api('POST', '/password-reset/confirm', { body: { email: uniqueEmail('ghost'), code: '123456', newPassword: 'Nova#Senha1' } });
    expect(response.status).toBe(400);
    expect(response.body.error.details[0].field).toBe('code');
  });
});

describe('a password reset or change ends the sessions', () => {
  const NEW_PASSWORD = 'Nova#Senha1';

  it('after a reset, every earlier access and refresh token is refused; a login with the new password works', async () => {
    const user = await newCustomer();
    const otherDevice = (await login(user.email, user.password)).body;
    await api('POST', '/password-reset', { body: { email: user.email } });
    const code = await lastCode(user.email, 'password-reset');

    expect((await api('POST', '/password-reset/confirm', { body: { email: user.email, code, newPassword: NEW_PASSWORD } })).status).toBe(204);

    for (const session of [user, otherDevice]) {
      expect((await api('GET', '/me', { token: session.accessToken })).status).toBe(401);
      expect((await api('POST', '/token/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401);
    }
    const fresh = await login(user.email, NEW_PASSWORD);
    expect(fresh.status).toBe(200);
    expect((await api('GET', '/me', { token: fresh.body.accessToken })).status).toBe(200);
    expect((await api('POST', '/token/refresh', { body: { refreshToken: fresh.body.refreshToken } })).status).toBe(200);
  });

  it('a wrong code ends no session', async () => {
    const user = await newCustomer();
    await api('POST', '/password-reset', { body: { email: user.email } });
    expect((await api('POST', '/password-reset/confirm', { body: { email: user.email, code: '999999', newPassword: NEW_PASSWORD } })).status).toBe(400);
    expect((await api('GET', '/me', { token: user.accessToken })).status).toBe(200);
  });

  it('POST /me/password checks the current password and the policy, and changes nothing when refused', async () => {
    const user = await newCustomer();
    const wrong = await api('POST', '/me/password', { token: user.accessToken, body: { currentPassword: 'Errada#123', newPassword: NEW_PASSWORD } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].field).toBe('currentPassword');
    const weak = await api('POST', '/me/password', { token: user.accessToken, body: { currentPassword: user.password, newPassword: 'fraca' } });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details[0].field).toBe('newPassword');
    const same = await api('POST', '/me/password', { token: user.accessToken, body: { currentPassword: user.password, newPassword: user.password } });
    expect(same.status).toBe(400);
    expect(same.body.error.details[0].field).toBe('newPassword');
    expect((await api('POST', '/me/password', { body: { currentPassword: user.password, newPassword: NEW_PASSWORD } })).status).toBe(401);

    expect((await api('GET', '/me', { token: user.accessToken })).status).toBe(200);
    expect((await login(user.email, user.password)).status).toBe(200);
  });

  it('a password change ends the other sessions and answers fresh tokens for this device', async () => {
    const user = await newCustomer();
    const otherDevice = (await login(user.email, user.password)).body;

    const changed = await api('POST', '/me/password', { token: user.accessToken, body: { currentPassword: user.password, newPassword: NEW_PASSWORD } });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({
      accessToken: expect.any(String), idToken: expect.any(String), refreshToken: expect.any(String), expiresIn: expect.any(Number), tokenType: 'Bearer',
    });

    for (const session of [otherDevice, user]) {
      expect((await api('GET', '/me', { token: session.accessToken })).status).toBe(401);
      expect((await api('POST', '/token/refresh', { body: { refreshToken: session.refreshToken } })).status).toBe(401);
    }
    expect((await api('GET', '/me', { token: changed.body.accessToken })).status).toBe(200);
    expect((await api('POST', '/token/refresh', { body: { refreshToken: changed.body.refreshToken } })).status).toBe(200);
    expect((await login(user.email, user.password)).status).toBe(401);
    expect((await login(user.email, NEW_PASSWORD)).status).toBe(200);
  });
});

describe('account deletion', () => {
  it('deletes the account: login fails, earlier tokens are dead, the email can register again', async () => {
    const user = await newCustomer();
    await api('POST', '/me/addresses', {
      token: user.accessToken,
      body: { label: 'Casa', recipient: 'X', street: 'Rua A', number: '1', district: 'Centro', city: 'São Paulo', state: 'SP', cep: '01310-100' },
    });
    expect((await api('DELETE', '/me', { token: user.accessToken })).status).toBe(204);
    expect((await login(user.email, user.password)).status).toBe(401);
    expect((await api('GET', '/me', { token: user.accessToken })).status).toBe(401);
    expect((await api('GET', '/me/addresses', { token: user.accessToken })).status).toBe(401);
    expect((await api('POST', '/register', { body: { email: user.email, password: PASSWORD, name: 'De Novo' } })).status).toBe(201);
  });
});
