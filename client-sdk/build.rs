//! The typed runtime interface is generated from `metadata/medtrust.scale` by a macro, which
//! does not tell cargo it read the file: this does, so a regenerated metadata file rebuilds
//! the SDK instead of leaving it encoding calls for the old runtime.

fn main() {
	println!("cargo:rerun-if-changed=metadata/medtrust.scale");
}
