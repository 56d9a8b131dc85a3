//! Generates the C header from the Rust sources with cbindgen.
//!
//! The header is written next to the build artefacts (`target/<triple>/<profile>/include/`), not
//! into the source tree: the committed `include/veeva_vault_auth.h` is what users compile
//! against, and `make test-c` fails if it differs from this freshly generated one
//! (`make update-header-c` copies it over).

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    println!("cargo:rerun-if-changed=build.rs");
    let crate_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml")).expect("read cbindgen.toml");
    let bindings = cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
        .expect("cbindgen could not generate the header");
    bindings.write_to_file(out_dir.join("veeva_vault_auth.h"));
    // OUT_DIR is target/<triple>/<profile>/build/<pkg>-<hash>/out: three levels up is the folder
    // holding libveeva_vault_auth.{so,a}.
    if let Some(artefacts) = out_dir.ancestors().nth(3) {
        bindings.write_to_file(artefacts.join("include").join("veeva_vault_auth.h"));
    }
}
