import { ButtonLink } from '../components/links';
import { Alert, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useRouterState } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { auth } from '../api/client';
import { AuthFrame } from '../components/auth-frame';
import { Failed } from '../components/states';

// Mailed links carry their token in the fragment, which browsers never send to a server or in a Referer.
const tokenOf = (hash: string): string => new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';

const PAGES = {
  '/accept-invitation': { title: 'Join your organisation', endpoint: 'invitations/accept', button: 'Join' },
  '/reset-password': { title: 'Choose a new password', endpoint: 'password-reset', button: 'Set password' },
  '/sign-up': { title: 'Create your account', endpoint: 'sign-up/complete', button: 'Create account' },
} as const;

/** The pages a mailed link opens: accept an invitation, reset a password, finish signing up. */
export function TokenPage() {
  const current = useRouterState({ select: (s) => s.location.pathname }) as keyof typeof PAGES;
  // The page it opened as: after success the location moves on while this page unmounts.
  const [pathname] = useState(current);
  const page = PAGES[pathname];
  const [token] = useState(() => tokenOf(window.location.hash));
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body =
        pathname === '/reset-password'
          ? { token, password }
          : { token, name: name || undefined, password: password || undefined };
      await auth(page.endpoint, body);
      // The fragment's token is spent: keep it out of history.
      window.history.replaceState(null, '', pathname);
      if (pathname === '/reset-password') setDone(true);
      else {
        await queryClient.invalidateQueries({ queryKey: ['viewer'] });
        await navigate({ to: '/' });
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame title={page.title}>
      {!token ? (
        <Alert color="red" variant="light" title="This link is incomplete">
          Open the link from the email again, in full. It may have been cut when copied.
        </Alert>
      ) : done ? (
        <Alert color="teal" variant="light" title="Password changed">
          <Text size="sm">Every session of your account was signed out.</Text>
          <ButtonLink to="/sign-in" mt="sm" size="xs">
            Sign in
          </ButtonLink>
        </Alert>
      ) : (
        <form onSubmit={(e) => void submit(e)}>
          <Stack>
            {pathname !== '/reset-password' && (
              <TextInput label="Your name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
            )}
            <PasswordInput
              label={pathname === '/accept-invitation' ? 'Password (for a new account)' : 'New password'}
              description="At least 12 characters."
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              required={pathname !== '/accept-invitation'}
            />
            {error ? <Failed error={error} /> : null}
            <Button type="submit" loading={busy}>
              {page.button}
            </Button>
          </Stack>
        </form>
      )}
    </AuthFrame>
  );
}
