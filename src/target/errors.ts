export type TargetErrorCode =
  | 'ENGINE_UNREACHABLE'
  | 'ENGINE_PERMISSION'
  | 'CONTAINER_NOT_FOUND'
  | 'CONTAINER_AMBIGUOUS'
  | 'CONTAINER_NOT_RUNNING'
  | 'COMMAND_MISSING'
  | 'TIMEOUT'
  | 'FILE_NOT_FOUND'
  | 'WRITE_FAILED'
  /** The command needs the running mail server, and the target is only its config folder (`setup -p DIR`). */
  | 'NEEDS_SERVER';

/** An error the user can act on: the message says what happened and what to do. */
export class TargetError extends Error {
  constructor(
    readonly code: TargetErrorCode,
    message: string,
    readonly details: { candidates?: string[] } = {},
  ) {
    super(message);
    this.name = 'TargetError';
  }
}

export function isTargetError(error: unknown, code?: TargetErrorCode): error is TargetError {
  return error instanceof TargetError && (code === undefined || error.code === code);
}
