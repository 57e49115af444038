//! `certsheet serve [--bind ADDR] [--port N]`: the local web page (see [`crate::web`]).
//!
//! Examples:
//!   certsheet serve
//!   certsheet serve --bind 0.0.0.0 --port 9000

use std::net::IpAddr;

use anyhow::Result;

pub fn run(bind: IpAddr, port: u16) -> Result<u8> {
    crate::web::serve(&crate::web::Options { bind, port })
}
