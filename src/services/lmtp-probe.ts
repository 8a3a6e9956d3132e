import { parseLmtpTransport } from '../formats/postfix/lmtp-transport.js';
import { isTargetError } from '../target/index.js';
import { memberFor, type Stack } from '../stacks/stack.js';

/** Whether the groupware takes mail: the MTA's LMTP hand-over answered from inside the MTA, as Postfix would see it. */
export interface LmtpProbe {
  /** The member the probe ran in. */
  from: string;
  /** `host:port` as Postfix's transport names it. */
  destination: string;
  ok: boolean;
  /** The greeting, or why there was none. Untrusted text: sanitize before showing. */
  answer: string;
}

/**
 * Connects, reads the greeting, says QUIT. Perl is there in both the real image and ours (Amavis is Perl); host and
 * port are arguments, never part of the program text. The alarm is an immediate (not deferred) signal, so that a
 * name lookup that hangs is cut short too.
 */
const GREETING = String.raw`
use IO::Socket::IP;
use POSIX ();
my ($host, $port) = @ARGV;
POSIX::sigaction(POSIX::SIGALRM(), POSIX::SigAction->new(sub { syswrite STDOUT, "no answer within 10 s\n"; POSIX::_exit(3) }));
alarm 10;
my $s = IO::Socket::IP->new(PeerHost => $host, PeerPort => $port, Proto => 'tcp')
  or do { print "cannot connect: ", ($@ || $!), "\n"; exit 2 };
my $line = <$s>;
print $s "QUIT\r\n";
print defined $line ? $line : "closed without a greeting\n";
exit(defined $line && $line =~ /^220[ -]/ ? 0 : 1);
`;

/** Undefined when the stack's MTA hands mail over by other means than LMTP over TCP. */
export async function probeLmtp(stack: Stack): Promise<LmtpProbe | undefined> {
  const mta = memberFor(stack, 'mta');
  if (!mta || (await mta.target.info()).state !== 'running') return undefined;
  const configured = await mta.target.exec(['postconf', '-h', 'virtual_transport']).catch(() => undefined);
  const transport = configured?.exitCode === 0 ? configured.stdout.trim() : (mta.info.env.VIRTUAL_TRANSPORT ?? '');
  const destination = parseLmtpTransport(transport);
  if (!destination) return undefined;
  const named = `${destination.host}:${destination.port}`;
  try {
    const result = await mta.target.exec(['perl', '-e', GREETING, destination.host, String(destination.port)], { timeoutMs: 30_000 });
    const answer = result.stdout.trim().split('\n')[0]?.trim() || result.stderr.trim().split('\n')[0] || `exit ${result.exitCode}`;
    return { from: mta.name, destination: named, ok: result.exitCode === 0, answer };
  } catch (error) {
    if (isTargetError(error, 'TIMEOUT')) return { from: mta.name, destination: named, ok: false, answer: 'no answer within 30 s' };
    if (!isTargetError(error, 'COMMAND_MISSING')) throw error;
    return { from: mta.name, destination: named, ok: false, answer: `cannot probe: no perl in ${mta.name}` };
  }
}
