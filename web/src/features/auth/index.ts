export { forgetMe, meQueryOptions, refreshMe, useMe } from './api/get-me';
export type { Me, Membership } from './api/get-me';
export { useLogout } from './api/logout';
export { LoginForm } from './components/login-form';
export { SignupForm } from './components/signup-form';
export { UserMenu } from './components/user-menu';
export { PasswordForm } from './components/password-form';
export { ProfileForm } from './components/profile-form';
export { SessionsList } from './components/sessions-list';
