import { ButtonLink } from '../components/links';
import {} from '@mantine/core';
import { type ErrorComponentProps } from '@tanstack/react-router';
import { Empty, Failed } from '../components/states';

export function NotFound() {
  return (
    <Empty
      title="No such page"
      action={
        <ButtonLink to="/" variant="light">
          Go to the overview
        </ButtonLink>
      }
    >
      The link may be old, or the cluster or finding it named was deleted.
    </Empty>
  );
}

export function RouteError({ error, reset }: ErrorComponentProps) {
  return <Failed error={error} retry={reset} />;
}
