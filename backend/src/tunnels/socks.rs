//! The server side of SOCKS5 (RFC 1928) for dynamic tunnels: the "no authentication"
//! method, CONNECT to an IPv4, IPv6 or domain address, and the standard reply codes.
//! The proxy listens on loopback by default, so no-auth is the usual choice (like `ssh -D`).

use std::net::{Ipv4Addr, Ipv6Addr};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

pub const VERSION: u8 = 5;
pub const NO_AUTH: u8 = 0x00;
pub const NO_ACCEPTABLE: u8 = 0xFF;
pub const CMD_CONNECT: u8 = 0x01;
pub const ATYP_V4: u8 = 0x01;
pub const ATYP_DOMAIN: u8 = 0x03;
pub const ATYP_V6: u8 = 0x04;

/// Reply codes (RFC 1928 §6).
pub mod rep {
    pub const SUCCEEDED: u8 = 0x00;
    pub const GENERAL_FAILURE: u8 = 0x01;
    pub const NOT_ALLOWED: u8 = 0x02;
    pub const NETWORK_UNREACHABLE: u8 = 0x03;
    pub const HOST_UNREACHABLE: u8 = 0x04;
    pub const CONNECTION_REFUSED: u8 = 0x05;
    pub const TTL_EXPIRED: u8 = 0x06;
    pub const COMMAND_NOT_SUPPORTED: u8 = 0x07;
    pub const ADDRESS_NOT_SUPPORTED: u8 = 0x08;
}

#[derive(Debug, thiserror::Error)]
pub enum SocksError {
    #[error("not a SOCKS5 client (version byte {0})")]
    Version(u8),
    #[error("the client offers no method we accept (only no-authentication is supported)")]
    NoMethod,
    #[error("unsupported SOCKS command {0} (only CONNECT)")]
    Command(u8),
    #[error("unsupported address type {0}")]
    AddressType(u8),
    #[error("invalid domain name")]
    Domain,
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Greets the client and reads its CONNECT request. Protocol errors that have a reply
/// code are answered before returning the error.
pub async fn accept<S: AsyncRead + AsyncWrite + Unpin>(s: &mut S) -> Result<(String, u16), SocksError> {
    let ver = s.read_u8().await?;
    if ver != VERSION {
        return Err(SocksError::Version(ver));
    }
    let n = s.read_u8().await?;
    let mut methods = vec![0u8; usize::from(n)];
    s.read_exact(&mut methods).await?;
    if !methods.contains(&NO_AUTH) {
        s.write_all(&[VERSION, NO_ACCEPTABLE]).await?;
        return Err(SocksError::NoMethod);
    }
    s.write_all(&[VERSION, NO_AUTH]).await?;

    let mut head = [0u8; 4];
    s.read_exact(&mut head).await?;
    let [ver, cmd, _rsv, atyp] = head;
    if ver != VERSION {
        return Err(SocksError::Version(ver));
    }
    let host = match atyp {
        ATYP_V4 => {
            let mut b = [0u8; 4];
            s.read_exact(&mut b).await?;
            Ipv4Addr::from(b).to_string()
        }
        ATYP_V6 => {
            let mut b = [0u8; 16];
            s.read_exact(&mut b).await?;
            Ipv6Addr::from(b).to_string()
        }
        ATYP_DOMAIN => {
            let len = s.read_u8().await?;
            let mut b = vec![0u8; usize::from(len)];
            s.read_exact(&mut b).await?;
            match String::from_utf8(b) {
                Ok(d) if !d.is_empty() && !d.contains('\0') => d,
                _ => {
                    reply(s, rep::GENERAL_FAILURE).await?;
                    return Err(SocksError::Domain);
                }
            }
        }
        other => {
            reply(s, rep::ADDRESS_NOT_SUPPORTED).await?;
            return Err(SocksError::AddressType(other));
        }
    };
    let port = s.read_u16().await?;
    if cmd != CMD_CONNECT {
        reply(s, rep::COMMAND_NOT_SUPPORTED).await?;
        return Err(SocksError::Command(cmd));
    }
    Ok((host, port))
}

/// Sends a reply. The bound address is not known through SSH, so it is 0.0.0.0:0
/// (clients use it only for BIND/UDP, which are not offered).
pub async fn reply<S: AsyncWrite + Unpin>(s: &mut S, code: u8) -> std::io::Result<()> {
    s.write_all(&[VERSION, code, 0, ATYP_V4, 0, 0, 0, 0, 0, 0]).await?;
    s.flush().await
}

/// The reply code for a failed `direct-tcpip` channel open.
pub fn code_for(e: &russh::Error) -> u8 {
    use russh::ChannelOpenFailure as F;
    match e {
        russh::Error::ChannelOpenFailure(F::ConnectFailed) => rep::CONNECTION_REFUSED,
        russh::Error::ChannelOpenFailure(F::AdministrativelyProhibited) => rep::NOT_ALLOWED,
        _ => rep::GENERAL_FAILURE,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn run(client_bytes: &[u8]) -> (Result<(String, u16), SocksError>, Vec<u8>) {
        let (mut ours, mut theirs) = tokio::io::duplex(1024);
        theirs.write_all(client_bytes).await.expect("write");
        let r = accept(&mut ours).await;
        drop(ours);
        let mut answer = Vec::new();
        theirs.read_to_end(&mut answer).await.expect("read");
        (r, answer)
    }

    #[tokio::test]
    async fn connect_to_ipv4_ipv6_and_domain() {
        let (r, a) = run(&[5, 1, 0, 5, 1, 0, 1, 127, 0, 0, 1, 0x1f, 0x90]).await;
        assert_eq!(r.expect("v4"), ("127.0.0.1".into(), 8080));
        assert_eq!(a, [5, 0]);
        let mut v6 = vec![5, 2, 2, 0, 5, 1, 0, 4];
        v6.extend_from_slice(&Ipv6Addr::LOCALHOST.octets());
        v6.extend_from_slice(&443u16.to_be_bytes());
        assert_eq!(run(&v6).await.0.expect("v6"), ("::1".into(), 443));
        let mut d = vec![5, 1, 0, 5, 1, 0, 3, 11];
        d.extend_from_slice(b"example.org");
        d.extend_from_slice(&80u16.to_be_bytes());
        assert_eq!(run(&d).await.0.expect("domain"), ("example.org".into(), 80));
    }

    #[tokio::test]
    async fn refusals_carry_the_right_codes() {
        let (r, a) = run(&[5, 1, 2]).await;
        assert!(matches!(r, Err(SocksError::NoMethod)));
        assert_eq!(a, [5, 0xFF]);
        let (r, a) = run(&[5, 1, 0, 5, 2, 0, 1, 127, 0, 0, 1, 0, 80]).await;
        assert!(matches!(r, Err(SocksError::Command(2))));
        assert_eq!(&a[2..4], [5, rep::COMMAND_NOT_SUPPORTED]);
        let (r, a) = run(&[5, 1, 0, 5, 1, 0, 9]).await;
        assert!(matches!(r, Err(SocksError::AddressType(9))));
        assert_eq!(&a[2..4], [5, rep::ADDRESS_NOT_SUPPORTED]);
        assert!(matches!(run(&[4, 1]).await.0, Err(SocksError::Version(4))));
    }
}
