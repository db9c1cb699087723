/**
 * Texts customers read, in pt-BR. `code` and `username` are the provider's placeholders
 * (Cognito puts the real values in after the trigger returns).
 */
import { escapeHtml } from '#shared/html.js';

export interface CustomerMessage {
  subject: string;
  html: string;
  sms: string;
}


export const SUBJECTS = {
  confirmation: 'Confirme seu cadastro na Big E-Commerce',
  passwordReset: 'Redefinição de senha da Big E-Commerce',
  invitation: 'Seu acesso à Big E-Commerce',
} as const;

export function customerMessage(
  triggerSource: string,
  params: { name?: string; code: string; username?: string },
): CustomerMessage | undefined {
  const greeting = params.name ? `Olá, ${escapeHtml(params.name)}!` : 'Olá!';
  switch (triggerSource) {
    case 'CustomMessage_SignUp':
    case 'CustomMessage_ResendCode':
      return {
        subject: SUBJECTS.confirmation,
        html: `<p>${greeting}</p><p>Seu código de confirmação é <strong>${params.code}</strong>.</p>` +
          '<p>Ele vale por 24 horas. Se você não criou uma conta, ignore este e-mail.</p>',
        sms: `Big E-Commerce: seu código de confirmação é ${params.code}`,
      };
    case 'CustomMessage_ForgotPassword':
      return {
        subject: SUBJECTS.passwordReset,
        html: `<p>${greeting}</p><p>Recebemos um pedido para redefinir sua senha. Use o código <strong>${params.code}</strong>.</p>` +
          '<p>Se não foi você, ignore este e-mail: sua senha continua a mesma.</p>',
        sms: `Big E-Commerce: código para redefinir sua senha: ${params.code}`,
      };
    case 'CustomMessage_AdminCreateUser':
      return {
        subject: SUBJECTS.invitation,
        html: `<p>${greeting}</p><p>Uma conta foi criada para você. Usuário: <strong>${params.username ?? ''}</strong>, ` +
          `senha temporária: <strong>${params.code}</strong>.</p><p>Troque a senha no primeiro acesso.</p>`,
        sms: `Big E-Commerce: usuário ${params.username ?? ''}, senha temporária ${params.code}`,
      };
    default:
      return undefined;
  }
}
