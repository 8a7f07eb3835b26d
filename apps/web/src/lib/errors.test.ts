import { ApiError } from '../api/client';
import { explain } from './errors';

describe('explain', () => {
  it('heads the API’s message with words for its code', () => {
    expect(explain(new ApiError('FORBIDDEN', 'Needs ADMIN.'))).toEqual({
      title: 'Your role does not allow this',
      message: 'Needs ADMIN.',
    });
    expect(explain(new ApiError('BAD_USER_INPUT', 'expiresAt: must be in the future.', 'expiresAt')).title).toBe(
      'Check what you entered',
    );
  });

  it('says something sensible for an error without a known code', () => {
    expect(explain(new Error('boom'))).toEqual({ title: 'Something went wrong on our side', message: 'boom' });
    expect(explain(new ApiError('TEAPOT', 'short and stout')).title).toBe('Something went wrong on our side');
  });
});
