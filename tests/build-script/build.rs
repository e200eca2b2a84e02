//! Generates into `OUT_DIR` as a user's build script does: `api/kunder.yaml` (only the operations
//! tagged `kunder`, and the spec's `Organisasjonsnummer` taken from the Skatteetaten crate instead of
//! generated), included at the crate root; and two folders of `specs/` (an API and the shared folder
//! its types and codes come from), included in the module `skatt`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let warnings = codegen::Config::new()
        .spec("api/kunder.yaml")
        .tag("kunder")
        .extern_type(
            "#/components/schemas/Organisasjonsnummer",
            "::skatteetaten_api::felles::Organisasjonsnummer",
        )
        .generated_by("build.rs")
        .generate()?;
    let skatt = codegen::Config::new()
        .spec("../../specs/felles")
        .spec("../../specs/underenhet-aordningen")
        .module_path("crate::skatt")
        .out_dir(std::path::Path::new(&std::env::var("OUT_DIR")?).join("skatt"))
        .generated_by("build.rs")
        .generate()?;
    for warning in warnings.iter().chain(&skatt).filter(|w| w.is_defect()) {
        println!("cargo:warning={warning}");
    }
    Ok(())
}
