//! Generates `api/kunder.yaml` into `OUT_DIR` as a user's build script does: only the operations
//! tagged `kunder`, and the spec's `Organisasjonsnummer` taken from the Skatteetaten crate instead of
//! generated.

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
    for warning in warnings.iter().filter(|w| w.is_defect()) {
        println!("cargo:warning={warning}");
    }
    Ok(())
}
