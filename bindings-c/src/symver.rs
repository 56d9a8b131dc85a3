//! Symbol versions of the exported functions (`vva_x@@VVA_0`), on x86_64 Linux.
//!
//! build.rs writes one `.symver` line per function the header declares and defines the node in
//! a version script. They must be in the same object as the functions, hence one codegen unit
//! for this crate in release builds (root Cargo.toml; debug builds get no versions). Why it is
//! done this way, and not by that script alone, is in build.rs.

#[cfg(vva_symver)]
std::arch::global_asm!(include_str!(concat!(env!("OUT_DIR"), "/symver.s")));
