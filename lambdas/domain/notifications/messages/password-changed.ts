import { dayAndTime } from '../format.js';
import type { Template } from './template.js';

/** PasswordChanged: the security notice, so a customer who did not change it can react. */
export const passwordChanged: Template<'PasswordChanged'> = {
  type: 'password-changed',
  email: (data) => ({
    subject: 'Sua senha foi alterada',
    blocks: [
      { p: `A senha da sua conta foi ${data.via === 'reset' ? 'redefinida' : 'alterada'} em ${dayAndTime(data.changedAt)} (horário de Brasília).` },
      { p: 'Se não foi você, redefina a senha agora em "Esqueci minha senha" e fale com o nosso atendimento.' },
    ],
  }),
  sms: (data) =>
    `Big E-Commerce: a senha da sua conta foi alterada em ${dayAndTime(data.changedAt)}. Se não foi você, redefina a senha agora e fale com o atendimento.`,
};
