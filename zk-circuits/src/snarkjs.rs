//! snarkjs-compatible JSON for verifying keys, proofs and public inputs, so outside tools
//! (`snarkjs groth16 verify vk.json public.json proof.json`) can check presentations.
//!
//! Layout as snarkjs writes it for `protocol: "groth16"`, `curve: "bls12381"`: numbers are
//! decimal strings; a G1 point is `[x, y, "1"]`; a G2 point is
//! `[[x.c0, x.c1], [y.c0, y.c1], ["1", "0"]]` (projective with `z = 1`). The key omits
//! `vk_alphabeta_12`, which snarkjs's verifier does not read.

use alloc::{format, string::String, vec::Vec};

use ark_bls12_381::{G1Affine, G2Affine};
use ark_ec::AffineRepr;

use crate::{
	statement::Statement,
	verifier::{Proof, VerifyingKey},
	Error, Fr,
};

fn g1(p: &G1Affine) -> String {
	match p.xy() {
		Some((x, y)) => format!("[\"{x}\", \"{y}\", \"1\"]"),
		None => String::from("[\"0\", \"1\", \"0\"]"),
	}
}

fn g2(p: &G2Affine) -> String {
	match p.xy() {
		Some((x, y)) => {
			format!("[[\"{}\", \"{}\"], [\"{}\", \"{}\"], [\"1\", \"0\"]]", x.c0, x.c1, y.c0, y.c1)
		},
		None => String::from("[[\"0\", \"0\"], [\"1\", \"0\"], [\"0\", \"0\"]]"),
	}
}

/// The verifying key as snarkjs's `verification_key.json`.
pub fn verifying_key_json(vk: &VerifyingKey) -> String {
	let vk = &vk.0;
	let ic: Vec<String> = vk.gamma_abc_g1.iter().map(g1).collect();
	format!(
		"{{\n \"protocol\": \"groth16\",\n \"curve\": \"bls12381\",\n \"nPublic\": {},\n \
		 \"vk_alpha_1\": {},\n \"vk_beta_2\": {},\n \"vk_gamma_2\": {},\n \"vk_delta_2\": {},\n \
		 \"IC\": [{}]\n}}\n",
		vk.gamma_abc_g1.len() - 1,
		g1(&vk.alpha_g1),
		g2(&vk.beta_g2),
		g2(&vk.gamma_g2),
		g2(&vk.delta_g2),
		ic.join(", ")
	)
}

/// The proof as snarkjs's `proof.json`.
pub fn proof_json(proof: &Proof) -> String {
	let proof = &proof.0;
	format!(
		"{{\n \"pi_a\": {},\n \"pi_b\": {},\n \"pi_c\": {},\n \"protocol\": \"groth16\",\n \
		 \"curve\": \"bls12381\"\n}}\n",
		g1(&proof.a),
		g2(&proof.b),
		g1(&proof.c)
	)
}

/// The public inputs as snarkjs's `public.json`: `[statement hash]` in version 1, the 22
/// statement values in version 2 ([`Statement::public_inputs`]).
pub fn public_json(statement: &Statement) -> Result<String, Error> {
	Ok(public_inputs_json(&statement.public_inputs()?))
}

/// `["<input>", ...]`.
pub fn public_inputs_json(inputs: &[Fr]) -> String {
	let quoted: Vec<String> = inputs.iter().map(|input| format!("\"{input}\"")).collect();
	format!("[{}]\n", quoted.join(", "))
}
