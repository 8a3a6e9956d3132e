import { useEffect, useRef, useState } from 'react';
import { followServerLogs, type FollowerOptions, type LogFollower } from '../../src/services/log-follow.js';
import type { MailServer } from '../../src/services/mail-server.js';

/**
 * Follows the server's logs from the first time the screen is shown until it unmounts (the buffer is bounded, so
 * the history stays while another screen is up). `version` changes with every batch of new lines (≤ 10 a second).
 */
export function useLogFollow(server: MailServer, active: boolean, onNotice: (text: string) => void, options?: FollowerOptions): { follower: LogFollower | undefined; version: number } {
  const [follower, setFollower] = useState<LogFollower>();
  const [version, setVersion] = useState(0);
  const notify = useRef(onNotice);
  notify.current = onNotice;
  const settings = useRef(options);

  useEffect(() => {
    if (!active || follower) return undefined;
    setFollower(followServerLogs(server, settings.current));
    return undefined;
  }, [active, follower, server]);

  useEffect(() => {
    if (!follower) return undefined;
    const unsubscribe = follower.subscribe((update) => {
      setVersion((v) => v + 1);
      const last = update.notices.at(-1);
      if (last !== undefined) notify.current(last);
    });
    return () => {
      unsubscribe();
      follower.stop();
    };
  }, [follower]);

  return { follower, version };
}
