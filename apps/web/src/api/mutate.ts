import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { explain } from '../lib/errors';

/**
 * A mutation that confirms in words when it lands, or explains the API's refusal, then refreshes
 * what it changed.
 */
export function useAction<A, R>(
  run: (args: A) => Promise<R>,
  options: { done: string | ((r: R) => string); refresh: string[]; onDone?: (r: R) => void },
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async (result) => {
      notifications.show({
        color: 'teal',
        message: typeof options.done === 'string' ? options.done : options.done(result),
      });
      options.onDone?.(result);
      await Promise.all(options.refresh.map((key) => queryClient.invalidateQueries({ queryKey: [key] })));
    },
    onError: (err) => notifications.show({ color: 'red', ...explain(err) }),
  });
}
