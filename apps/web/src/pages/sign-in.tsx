import { Alert, Anchor, Button, Divider, PasswordInput, PinInput, Stack, Text, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { auth } from '../api/client';
import { AuthFrame } from '../components/auth-frame';
import { Failed } from '../components/states';

const route = getRouteApi('/sign-in');

type Step = 'password' | 'second-factor' | 'sso' | 'reset' | 'reset-sent';

/** Password (with a second factor when enabled), single sign-on by organisation, or a reset link. */
export function SignInPage() {
  const { error: redirectError, next } = route.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<Step>('password');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [slug, setSlug] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const run = (action: () => Promise<void>) => async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const enter = async () => {
    await queryClient.invalidateQueries({ queryKey: ['viewer'] });
    await navigate({ to: next ?? '/' });
  };
  const signIn = run(async () => {
    const { secondFactorRequired } = await auth<{ secondFactorRequired: boolean }>('sign-in', { email, password });
    if (secondFactorRequired) setStep('second-factor');
    else await enter();
  });
  const secondFactor = run(async () => {
    await auth('sign-in/second-factor', { code });
    await enter();
  });
  const requestReset = run(async () => {
    await auth('password-reset/request', { email });
    setStep('reset-sent');
  });
  const sso = (e: FormEvent) => {
    e.preventDefault();
    // A full navigation: the provider's pages are not ours.
    window.location.assign(`/auth/oidc/${encodeURIComponent(slug.trim())}/start`);
  };

  return (
    <AuthFrame title={step === 'reset' || step === 'reset-sent' ? 'Reset your password' : 'Sign in'}>
      {redirectError && step === 'password' && (
        <Alert color="red" variant="light" title="Single sign-on did not complete" role="alert">
          {redirectError}
        </Alert>
      )}
      {error ? <Failed error={error} /> : null}
      {step === 'password' && (
        <form onSubmit={signIn}>
          <Stack>
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              required
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              required
            />
            <Button type="submit" loading={busy}>
              Sign in
            </Button>
            <Anchor component="button" type="button" size="sm" onClick={() => setStep('reset')}>
              Forgot your password?
            </Anchor>
            <Divider label="or" />
            <Button variant="default" onClick={() => setStep('sso')}>
              Sign in with single sign-on
            </Button>
          </Stack>
        </form>
      )}
      {step === 'second-factor' && (
        <form onSubmit={secondFactor}>
          <Stack>
            <Text size="sm">Enter the 6-digit code from your authenticator app.</Text>
            <PinInput
              length={6}
              type="number"
              oneTimeCode
              value={code}
              onChange={setCode}
              aria-label="Authentication code"
            />
            <Button type="submit" loading={busy} disabled={code.length !== 6}>
              Verify
            </Button>
          </Stack>
        </form>
      )}
      {step === 'sso' && (
        <form onSubmit={sso}>
          <Stack>
            <TextInput
              label="Organisation"
              description="Its short name in Kubeward, as your admin gave it (for example acme)."
              value={slug}
              onChange={(e) => setSlug(e.currentTarget.value)}
              required
            />
            <Button type="submit">Continue to your identity provider</Button>
            <Anchor component="button" type="button" size="sm" onClick={() => setStep('password')}>
              Sign in with a password instead
            </Anchor>
          </Stack>
        </form>
      )}
      {step === 'reset' && (
        <form onSubmit={requestReset}>
          <Stack>
            <TextInput
              label="Email"
              type="email"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              required
            />
            <Button type="submit" loading={busy}>
              Mail me a reset link
            </Button>
            <Anchor component="button" type="button" size="sm" onClick={() => setStep('password')}>
              Back to sign-in
            </Anchor>
          </Stack>
        </form>
      )}
      {step === 'reset-sent' && (
        <Alert color="teal" variant="light" title="Check your mail">
          If {email} has an account, a link to reset its password is on its way. It works once, for a short time.
        </Alert>
      )}
    </AuthFrame>
  );
}
