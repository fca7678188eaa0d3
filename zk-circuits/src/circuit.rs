//! The presentation circuit (version 1): one public input, the statement hash, and the
//! witness that a credential satisfies the statement.
//!
//! # Public inputs
//!
//! Exactly one, allocated first: `Poseidon::hash(Statement::hash_inputs())`
//! ([`Statement::hash`]). The verifier recomputes it from the statement; the circuit
//! recomputes it from its witness and enforces equality, so every statement value the
//! circuit uses is bound to the public input.
//!
//! # Constraints
//!
//! With `A` the issuer key, `C` the credential's commitment and `v` the attribute in the
//! predicate's slot:
//!
//! 1. issuer: `s · B = R + h · A`, `h = Poseidon::hash([R.x, R.y, A.x, A.y, C])`, and `A`
//!    is the statement's key, or its leaf `hash2(A.x, A.y)` has a path to the statement's
//!    trusted-issuer root (the statement hash reads `(A.x, A.y)` or `(root, 0)`);
//! 2. holder: `C` commits to `Poseidon::hash([secret])`;
//! 3. schema (shared variable in `C` and the statement) and expiry: `expiry - time < 2^64`;
//! 4. non-revocation: the leaf decomposes into 128 bits, bit `index mod 128` is 0, and the
//!    Merkle path along `index >> 7` leads to the statement's root;
//! 5. predicate on `v` (one-hot operator; comparisons as 64-bit range checks) and
//!    disclosure `disclosed_i = mask_i · attribute_i`;
//! 6. nullifier `Poseidon::hash([secret, id, scope])`, hashed into the statement;
//! 7. challenge: hashed into the statement.

use alloc::vec::Vec;

use ark_ec::AffineRepr;
use ark_ed_on_bls12_381::EdwardsAffine;
use ark_ff::{Field, Zero};
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};

use crate::{
	credential::{Credential, HolderSecret, SignedCredential, ATTRIBUTES},
	eddsa::{self, constraints::SignatureVar, PublicKey, Scalar, Signature},
	jubjub::constraints::PointVar,
	poseidon::constraints::{hash, hash2, merkle_root},
	r1cs::{Cs, Lc},
	statement::{set, tree, trusted_issuers, Issuer, Predicate, Statement, ISSUER_MODE_BIT},
	status_tree::{self, NonRevocationWitness, BITS_PER_LEAF, DEPTH},
	Error, Fr,
};

/// Bits of integers compared by predicates and expiry.
pub const COMPARISON_BITS: usize = 64;
/// Bits of a status-list index (`2^20` = [`status_tree::MAX_CAPACITY`]).
pub const INDEX_BITS: usize = 20;
/// Low index bits that select the bit within a leaf (`2^7 = 128`).
const LEAF_INDEX_BITS: usize = 7;

/// The holder's private inputs to a presentation.
#[derive(Clone, Debug)]
pub struct Witness {
	/// The credential and its signature.
	pub credential: SignedCredential,
	/// The holder's secret.
	pub holder_secret: HolderSecret,
	/// The credential's status-list path against the statement's revocation root.
	pub non_revocation: NonRevocationWitness,
	/// For an IN predicate, the attribute's path in the set's tree.
	pub set_membership: Option<set::Membership>,
	/// For a statement naming a trusted-issuer root, the issuer key's path in that tree.
	pub issuer_membership: Option<trusted_issuers::Membership>,
}

impl Witness {
	/// The witness of a presentation that needs no tree path: the issuer named by its key and
	/// no IN predicate. Add paths with struct update syntax where the statement needs them.
	pub fn new(
		credential: SignedCredential,
		holder_secret: HolderSecret,
		non_revocation: NonRevocationWitness,
	) -> Self {
		Self {
			credential,
			holder_secret,
			non_revocation,
			set_membership: None,
			issuer_membership: None,
		}
	}

	/// Checks natively everything the circuit enforces, so a prover fails early with a
	/// precise error instead of producing a proof that does not verify.
	pub fn check(&self, statement: &Statement) -> Result<(), Error> {
		statement.validate()?;
		let signed = &self.credential;
		let credential = &signed.credential;
		match statement.issuer {
			Issuer::Key(key) if key != signed.issuer => {
				return Err(Error::WitnessMismatch(
					"the credential's issuer is not the statement's",
				));
			},
			Issuer::Key(_) => {},
			Issuer::Trusted(root) => {
				let leaf = trusted_issuers::leaf(&signed.issuer);
				if self.issuer_membership.as_ref().is_none_or(|path| path.root(&leaf) != root) {
					return Err(Error::UntrustedIssuer);
				}
			},
		}
		signed.verify()?;
		if credential.schema != statement.schema {
			return Err(Error::WitnessMismatch("the credential's schema is not the statement's"));
		}
		if credential.holder != self.holder_secret.commitment() {
			return Err(Error::WitnessMismatch("the holder secret is not the credential's"));
		}
		if statement.time > credential.expiry {
			return Err(Error::Expired);
		}
		if credential.registry_id != statement.registry_id
			|| self.non_revocation.index != credential.revocation_index
		{
			return Err(Error::WitnessMismatch("the status entry is not the credential's"));
		}
		status_tree::verify_witness(&self.non_revocation, &statement.revocation_root)?;
		let value = credential.attributes[usize::from(statement.slot)];
		if !statement.predicate.holds(&value, self.set_membership.as_ref()) {
			return Err(Error::PredicateFalse);
		}
		for (disclosed, attribute) in statement.disclosed.iter().zip(&credential.attributes) {
			if disclosed.is_some_and(|d| d != *attribute) {
				return Err(Error::WitnessMismatch("a disclosed value is not the credential's"));
			}
		}
		let nullifier = self.holder_secret.nullifier(&credential.id, &statement.scope);
		if nullifier != statement.nullifier {
			return Err(Error::WitnessMismatch("the nullifier is not the holder's for the scope"));
		}
		Ok(())
	}
}

/// The presentation circuit: a statement and a witness.
#[derive(Clone, Debug)]
pub struct PresentationCircuit {
	/// The public statement.
	pub statement: Statement,
	/// The private witness.
	pub witness: Witness,
}

/// Constraints per component, in synthesis order.
pub type ConstraintReport = Vec<(&'static str, usize)>;

impl PresentationCircuit {
	/// A circuit with a well-formed dummy statement and witness, for key generation and
	/// constraint counting: the constraints do not depend on values.
	pub fn blank() -> Self {
		let issuer = PublicKey::generator();
		let statement = Statement {
			issuer: Issuer::Key(issuer),
			schema: Fr::zero(),
			time: 0,
			registry_id: 0,
			revocation_root: Fr::zero(),
			slot: 0,
			predicate: Predicate::Gte(0),
			disclosed: [None; ATTRIBUTES],
			challenge: Fr::zero(),
			scope: Fr::zero(),
			nullifier: Fr::zero(),
		};
		let credential = Credential {
			schema: Fr::zero(),
			holder: Fr::zero(),
			id: Fr::zero(),
			expiry: 0,
			registry_id: 0,
			revocation_index: 0,
			attributes: [Fr::zero(); ATTRIBUTES],
		};
		let witness = Witness::new(
			SignedCredential {
				credential,
				issuer,
				signature: Signature { r: EdwardsAffine::generator(), s: Scalar::zero() },
			},
			HolderSecret::from_field(Fr::zero()),
			NonRevocationWitness {
				index: 0,
				leaf: Fr::zero(),
				path: [Fr::zero(); DEPTH as usize],
				root: Fr::zero(),
			},
		);
		Self { statement, witness }
	}

	/// Synthesises the circuit into `cs`, returning the constraints per component.
	pub fn synthesize(&self, cs: &Cs) -> Result<ConstraintReport, SynthesisError> {
		let mut report = ConstraintReport::new();
		let mut last = cs.num_constraints();
		let mut mark = |name: &'static str, cs: &Cs| {
			let now = cs.num_constraints();
			report.push((name, now - last));
			last = now;
		};
		let statement = &self.statement;
		let signed = &self.witness.credential;
		let credential = &signed.credential;

		// Public input: the statement hash.
		let statement_hash =
			cs.input(statement.hash().map_err(|_| SynthesisError::AssignmentMissing)?)?;

		// Statement values, as witnesses bound to the public input at the end.
		let trusted = cs.boolean(statement.issuer.mode() == 1)?;
		let schema = cs.witness(statement.schema)?;
		let time = cs.witness(Fr::from(statement.time))?;
		let registry_id = cs.witness(Fr::from(statement.registry_id))?;
		let revocation_root = cs.witness(statement.revocation_root)?;
		let (p0_value, p1_value) = statement.predicate.params();
		let (p0, p1) = (cs.witness(p0_value)?, cs.witness(p1_value)?);
		let challenge = cs.witness(statement.challenge)?;
		let scope = cs.witness(statement.scope)?;
		let slot_bits = (0..3)
			.map(|i| cs.boolean((statement.slot >> i) & 1 == 1))
			.collect::<Result<Vec<_>, _>>()?;
		// The operator one-hot: sel_k = [op = k], sum_k sel_k = 1.
		let op = statement.predicate.op();
		let sel = (0..8u8).map(|k| cs.boolean(op == k)).collect::<Result<Vec<_>, _>>()?;
		cs.enforce_equal(&Lc::sum(&sel), &Lc::one())?;
		let mask = statement.disclosure_mask();
		let mask_bits = (0..ATTRIBUTES)
			.map(|i| cs.boolean((mask >> i) & 1 == 1))
			.collect::<Result<Vec<_>, _>>()?;
		// code = slot + 8 · op + 64 · mask.
		let op_lc = Lc::sum(
			&sel.iter().enumerate().map(|(k, s)| s.scale(Fr::from(k as u64))).collect::<Vec<_>>(),
		);
		let code = Lc::from_bits_le(&slot_bits)
			.add(&op_lc.scale(Fr::from(8u64)))
			.add(&Lc::from_bits_le(&mask_bits).scale(Fr::from(64u64)))
			.add(&trusted.scale(Fr::from(1u64 << ISSUER_MODE_BIT)));
		mark("statement values", cs);

		// Credential.
		let secret = cs.witness(self.witness.holder_secret.value())?;
		let holder = hash(cs, core::slice::from_ref(&secret))?;
		mark("holder commitment", cs);
		let id = cs.witness(credential.id)?;
		let expiry = cs.witness(Fr::from(credential.expiry))?;
		let index_value = credential.revocation_index;
		let index_bits = (0..INDEX_BITS)
			.map(|i| cs.boolean((index_value >> i) & 1 == 1))
			.collect::<Result<Vec<_>, _>>()?;
		let attributes =
			credential.attributes.iter().map(|a| cs.witness(*a)).collect::<Result<Vec<_>, _>>()?;
		let mut commitment_inputs = alloc::vec![
			schema.clone(),
			holder,
			id.clone(),
			expiry.clone(),
			registry_id.clone(),
			Lc::from_bits_le(&index_bits),
		];
		commitment_inputs.extend(attributes.iter().cloned());
		let commitment = hash(cs, &commitment_inputs)?;
		mark("credential commitment", cs);

		// 1. Issuer signature on the commitment, by the credential's issuer key `A`.
		let issuer = PointVar::witness(cs, signed.issuer.point())?;
		let signature = SignatureVar::witness(cs, &signed.signature)?;
		eddsa::constraints::verify(cs, &issuer, &commitment, &signature)?;
		mark("issuer signature (EdDSA)", cs);

		// `A` as the statement names it: `(i_0, i_1) = (A.x, A.y)` for a key, or
		// `(root, 0)` with `root` the trusted-issuer root reached from `hash2(A.x, A.y)`.
		// For a key the path is unused and any path will do. In a tree, `A` is on the curve
		// and in the subgroup because the verifier's list holds only validated keys and
		// Poseidon is collision resistant.
		let issuer_leaf = hash2(cs, &issuer.x, &issuer.y)?;
		let issuer_root = path_root(cs, &issuer_leaf, self.witness.issuer_membership.as_ref())?;
		let issuer_0 = issuer.x.add(&cs.mul(&trusted, &issuer_root.sub(&issuer.x))?);
		let issuer_1 = issuer.y.sub(&cs.mul(&trusted, &issuer.y)?);
		mark("issuer key or tree", cs);

		// 3. Not expired: expiry - time in [0, 2^64).
		cs.range_check(&expiry.sub(&time), COMPARISON_BITS)?;
		mark("expiry", cs);

		// 4. Non-revocation.
		let non_revocation = &self.witness.non_revocation;
		let leaf = cs.witness(non_revocation.leaf)?;
		let leaf_bits = cs.to_bits_le(&leaf, BITS_PER_LEAF as usize)?;
		let status_bit = cs.select_by_bits(&index_bits[..LEAF_INDEX_BITS], &leaf_bits)?;
		cs.enforce_equal(&status_bit, &Lc::zero())?;
		let siblings =
			non_revocation.path.iter().map(|s| cs.witness(*s)).collect::<Result<Vec<_>, _>>()?;
		let root = merkle_root(cs, &leaf, &index_bits[LEAF_INDEX_BITS..], &siblings)?;
		cs.enforce_equal(&root, &revocation_root)?;
		mark("non-revocation", cs);

		// 5. Predicate on v = attributes[slot].
		let v = cs.select_by_bits(&slot_bits, &attributes)?;
		let (eq, ne, lt, lte, gt, gte, between, is_in) =
			(&sel[0], &sel[1], &sel[2], &sel[3], &sel[4], &sel[5], &sel[6], &sel[7]);
		// Comparisons read w = is_cmp · v, which must be below 2^64.
		let is_cmp = Lc::sum([lt, lte, gt, gte, between]);
		let w = cs.mul(&is_cmp, &v)?;
		cs.range_check(&w, COMPARISON_BITS)?;
		// d1 = (lt + lte - gt - gte - between) · (p0 - w) - lt - gt, in [0, 2^64):
		// LT: p0 - w - 1, LTE: p0 - w, GT: w - p0 - 1, GTE and BETWEEN: w - p0; else 0.
		let direction = Lc::sum([lt, lte]).sub(&Lc::sum([gt, gte, between]));
		let gap = p0.sub(&w);
		let strict = Lc::sum([lt, gt]);
		let d1 = direction.value() * gap.value() - strict.value();
		let d1_bits = cs.witness_bits_le(&d1, COMPARISON_BITS)?;
		cs.enforce(&direction, &gap, &Lc::from_bits_le(&d1_bits).add(&strict))?;
		// d2 = between · (p1 - w) in [0, 2^64): BETWEEN's upper bound.
		let upper_gap = p1.sub(&w);
		let d2 = between.value() * upper_gap.value();
		let d2_bits = cs.witness_bits_le(&d2, COMPARISON_BITS)?;
		cs.enforce(between, &upper_gap, &Lc::from_bits_le(&d2_bits))?;
		// EQ: eq · (v - p0) = 0.
		let diff = v.sub(&p0);
		cs.enforce(eq, &diff, &Lc::zero())?;
		// NE: t = ne · (v - p0) has an inverse when ne = 1: t · inv = ne.
		let t = cs.mul(ne, &diff)?;
		let inv = cs.witness(t.value().inverse().unwrap_or_else(Fr::zero))?;
		cs.enforce(&t, &inv, ne)?;
		// IN: is_in · (root of v's set path - p0) = 0.
		let set_root = path_root(cs, &v, self.witness.set_membership.as_ref())?;
		cs.enforce(is_in, &set_root.sub(&p0), &Lc::zero())?;
		mark("predicate", cs);

		// Disclosure: disclosed_i = mask_i · attribute_i.
		let disclosed = mask_bits
			.iter()
			.zip(&attributes)
			.map(|(m, a)| cs.mul(m, a))
			.collect::<Result<Vec<_>, _>>()?;
		mark("disclosure", cs);

		// 6. Nullifier.
		let nullifier = hash(cs, &[secret, id, scope.clone()])?;
		mark("nullifier", cs);

		// 7. The statement hash (challenge included) equals the public input.
		let mut inputs = alloc::vec![
			issuer_0,
			issuer_1,
			schema,
			time,
			registry_id,
			revocation_root,
			code,
			p0,
			p1,
		];
		inputs.extend(disclosed);
		inputs.extend([challenge, scope, nullifier]);
		let computed = hash(cs, &inputs)?;
		cs.enforce_equal(&computed, &statement_hash)?;
		mark("statement hash", cs);
		Ok(report)
	}
}

/// The root reached from `leaf` along `path` (its position bits as boolean witnesses, its
/// siblings as witnesses); without a path, along position 0 and zero siblings, for a
/// statement that does not use the tree.
fn path_root<const DEPTH: usize>(
	cs: &Cs,
	leaf: &Lc,
	path: Option<&tree::Path<DEPTH>>,
) -> Result<Lc, SynthesisError> {
	let path = path.cloned().unwrap_or_default();
	let directions = (0..DEPTH)
		.map(|i| cs.boolean((path.position >> i) & 1 == 1))
		.collect::<Result<Vec<_>, _>>()?;
	let siblings = path.siblings.iter().map(|s| cs.witness(*s)).collect::<Result<Vec<_>, _>>()?;
	merkle_root(cs, leaf, &directions, &siblings)
}

impl ConstraintSynthesizer<Fr> for PresentationCircuit {
	fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
		self.synthesize(&Cs::new(cs)).map(|_| ())
	}
}

/// The constraints of the circuit per component and in total (synthesised on
/// [`PresentationCircuit::blank`]).
pub fn constraint_report() -> Result<(ConstraintReport, usize), Error> {
	let cs = Cs::new(ark_relations::gr1cs::ConstraintSystem::<Fr>::new_ref());
	let report = PresentationCircuit::blank().synthesize(&cs)?;
	Ok((report, cs.num_constraints()))
}
