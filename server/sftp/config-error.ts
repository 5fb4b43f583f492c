/** A bad SFTP setting (SFTP_USERS, authorized_keys): the CLI reports it and exits without starting. */
export class SftpConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SftpConfigError';
  }
}
