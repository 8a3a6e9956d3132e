/** Real DKIM material for DNS tests, made with opendkim-genkey 2.11 and openssl genrsa (public halves only). */

/** `opendkim-genkey -b 2048 -s mail -d example.com` wrote this mail.txt, as DMS keeps it in config/opendkim/keys/<domain>/. */
export const OPENDKIM_MAIL_TXT = `mail._domainkey	IN	TXT	( "v=DKIM1; h=sha256; k=rsa; "
	  "p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuvMrl4eVYI2Q3flsy3rvP4NjGmBMbkBykLkp27OnPnHIYdDG7ZqP0dhFkO6WOa9wnI8lmQb3NfQ9I9hLeS1phU2K6pumKKpG2UtkpnjuunYfs88YYWUq9RrItZRtc7txA80NvbOgJ8/AdUszsaCTlWi2hXDeoA64nglvOxdC4tpe8DfjJpaxNpaN336syapeu/CYWHrIPcvITK"
	  "JQdZYgbCiAvNqqd9viLd/HVK1NfAX5SYhy0IkiqXikDre6ywd3VjmRaewpI4Ad8Lm4clZyBMYSLGUwCcmFs3csLfW9AfqXOHLn5D0SfCObPp4NBsHqHVdFw9wh1nvnJmmPBtHS/QIDAQAB" )  ; ----- DKIM key mail for example.com
`;

/** The key of OPENDKIM_MAIL_TXT: 2048 bits. */
export const KEY_2048 =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAuvMrl4eVYI2Q3flsy3rvP4NjGmBMbkBykLkp27OnPnHIYdDG7ZqP0dhFkO6WOa9wnI8lmQb3NfQ9I9hLeS1phU2K6pumKKpG2UtkpnjuunYfs88YYWUq9RrItZRtc7txA80NvbOgJ8/AdUszsaCTlWi2hXDeoA64nglvOxdC4tpe8DfjJpaxNpaN336syapeu/CYWHrIPcvITKJQdZYgbCiAvNqqd9viLd/HVK1NfAX5SYhy0IkiqXikDre6ywd3VjmRaewpI4Ad8Lm4clZyBMYSLGUwCcmFs3csLfW9AfqXOHLn5D0SfCObPp4NBsHqHVdFw9wh1nvnJmmPBtHS/QIDAQAB';

/** Another 2048-bit key (openssl genrsa 2048): what a rotated key looks like. */
export const OTHER_KEY_2048 =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqtgJXlhtNWPJ6cu73xvwDpO/GKuyjwM+q9FESj8LBXWq0DI0GMzov4Q+WaimfbgUXsNkBBpsZxnls2xCa9yK0KAkiLfYq8vEMiYOdhbmgKCqDgktK/CEyz69nj7Zm8rB6s1M1o0RGFLqQkb1ROtA2yvmhwpvnygBzZW0LGl28wIEQY37SJLMIBcIH9uRNk7ovx2UE0FvSCFJ3ZeROE1XT8v11SELk1RCzpqLdBrwByoruruyWVkk6nAFBKWFx6D3SGeDwjXnKSn9w4F0JyR9KQq4hLky5cMQFDdn2wnxR8dZtt/0bNjHn2gqeJybB2PC2yXsl4xWB/2uAr+vL1gPoQIDAQAB';

export const KEY_1024 =
  'MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCR+Kb3D487MXN7JbN8/+KBxJydLVvo84Kd8j+8sL9pcc1hjg1G1z5ScLV5r0mVEVM7GwAdy8xGo7uyCC/Lvpc7xHtXuFZhSvX447RaCA6GujCR/y024qlCsw2+yyyDkMQ2J3FnSH6P9UQAjqgl0vI4sePpAr1Xx5Lx2lPRzra1zwIDAQAB';

export const KEY_512 =
  'MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAKKsSos5LjopjDXTUcUf3r+9CA56cyMkPEWC8YdrroVCglyW+7KEb3AY5oxsa10Go9bjw7kgR5nv0zBOwNHbinkCAwEAAQ==';

/** The server of the DNS tests: documentation addresses (RFC 5737, RFC 3849). */
export const FQDN = 'mail.example.com';
export const IPV4 = '192.0.2.10';
export const IPV6 = '2001:db8::10';

/** Results by rule id, for assertions (the last result of an id wins). */
export function byId<T extends { id: string }>(results: readonly T[]): Record<string, T> {
  return Object.fromEntries(results.map((r) => [r.id, r]));
}
