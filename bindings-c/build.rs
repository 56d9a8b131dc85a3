//! Generates the C header from the Rust sources with cbindgen, and sets the shared library's
//! ELF identity (SONAME, symbol version node).
//!
//! The header is written next to the build artefacts (`target/<triple>/<profile>/include/`), not
//! into the source tree: the committed `include/veeva_vault_auth.h` is what users compile
//! against, and `make test-c` fails if it differs from this freshly generated one
//! (`make update-header-c` copies it over). Its `VVA_VERSION_*` macros come from
//! CARGO_PKG_VERSION (the workspace version), so the version is written down only once.
//!
//! On x86_64 Linux every exported function gets the symbol version `VVA_0`: rustc writes its own
//! anonymous version script for a cdylib (exporting only `#[no_mangle]` items), which cannot be
//! replaced, and a second script naming the same functions is ignored by lld ("attempt to
//! reassign symbol") and rejected by GNU ld ("anonymous version tag cannot be combined"). So, as
//! libpathrs does, the versions are set by `.symver` directives (`src/symver.rs`, generated
//! here from the header's function list) and the second script only defines the `VVA_0` node.
//! That needs lld, rustc's default linker on x86_64 Linux since 1.90 (and zig's).

use std::fmt::Write as _;
use std::path::PathBuf;

/// The version node of every exported function (see the module docs).
const VERSION_NODE: &str = "VVA_0";

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rustc-check-cfg=cfg(vva_symver)");
    let env = |k: &str| std::env::var(k).unwrap_or_default();
    let crate_dir = PathBuf::from(env("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(env("OUT_DIR"));
    let mut config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("read cbindgen.toml");
    config.after_includes = Some(version_macros(&env));
    let bindings = cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen could not generate the header");
    let header = out_dir.join("veeva_vault_auth.h");
    bindings.write_to_file(&header);
    // OUT_DIR is target/<triple>/<profile>/build/<pkg>-<hash>/out: three levels up is the folder
    // holding libveeva_vault_auth.{so,a}.
    if let Some(artefacts) = out_dir.ancestors().nth(3) {
        bindings.write_to_file(artefacts.join("include").join("veeva_vault_auth.h"));
    }

    let linux = env("CARGO_CFG_TARGET_OS") == "linux";
    if linux {
        // Programs record NEEDED libveeva_vault_auth.so.<major>; install/dist add the symlinks.
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libveeva_vault_auth.so.{}", env("CARGO_PKG_VERSION_MAJOR"));
    }
    let text = std::fs::read_to_string(&header).expect("read the generated header");
    let mut asm = String::new();
    // Release only: the root Cargo.toml gives this crate one codegen unit there, which the
    // directives need (see src/symver.rs); a debug build's library is unversioned.
    if linux && env("CARGO_CFG_TARGET_ARCH") == "x86_64" && env("PROFILE") == "release" {
        println!("cargo:rustc-cfg=vva_symver");
        let script = out_dir.join("vva.map");
        std::fs::write(&script, format!("{VERSION_NODE} {{\n  local: *;\n}};\n")).expect("write vva.map");
        println!("cargo:rustc-cdylib-link-arg=-Wl,--version-script={}", script.display());
        for name in exported_functions(&text) {
            let _ = writeln!(asm, ".symver {name}, {name}@@{VERSION_NODE}");
        }
    }
    std::fs::write(out_dir.join("symver.s"), asm).expect("write symver.s");
}

/// `#define VVA_VERSION_MAJOR 0` ... from the package version cargo passes in.
fn version_macros(env: &dyn Fn(&str) -> String) -> String {
    format!(
        "\n/** This header's version (the library's is vva_version()): major, minor, patch, string. */\n\
         #define VVA_VERSION_MAJOR {}\n#define VVA_VERSION_MINOR {}\n#define VVA_VERSION_PATCH {}\n\
         #define VVA_VERSION_STRING \"{}\"\n",
        env("CARGO_PKG_VERSION_MAJOR"),
        env("CARGO_PKG_VERSION_MINOR"),
        env("CARGO_PKG_VERSION_PATCH"),
        env("CARGO_PKG_VERSION"),
    )
}

/// The functions the header declares: every `vva_...(` identifier. The header has no function
/// pointer types, so each one is a declaration of an exported function.
fn exported_functions(header: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (i, _) in header.match_indices("vva_") {
        let prev = header[..i].chars().next_back();
        if prev.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &header[i..];
        let len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        if rest[len..].starts_with('(') {
            names.push(rest[..len].to_string());
        }
    }
    names.sort();
    names.dedup();
    names
}
