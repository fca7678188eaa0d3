//! The presentation circuit, versions 1 and 2, and its witness.
//!
//! # Public inputs
//!
//! Version 1: exactly one, allocated first: `Poseidon::hash(Statement::hash_inputs())`
//! ([`Statement::hash`]). The verifier recomputes it from the statement; the circuit
//! recomputes it from its witness and enforces equality, so every statement value the
//! circuit uses is bound to the public input.
//!
//! Version 2: the statement's 22 values themselves ([`Statement::public_inputs`]), allocated
//! first and used directly, so the verifier hashes nothing. The circuit checks the version
//! input is 2 and decodes the code into slot, operator, mask and issuer mode (booleans that
//! recompose to it exactly).
//!
//! # Constraints
//!
//! With `A` the issuer key, `C` the credential's commitment and `v` the attribute in the
//! predicate's slot:
//!
//! 1. issuer (`enforce_signature`, `enforce_issuer`): `s · B = R + h · A`,
//!    `h = Poseidon::hash([R.x, R.y, A.x, A.y, C])`, and `A` is the statement's key, or its
//!    leaf `hash2(A.x, A.y)` has a path to the statement's trusted-issuer root (the statement
//!    reads `(A.x, A.y)` or `(root, 0)`); version 2 also enforces `s < l`;
//! 2. holder (`enforce_holder`): `C` commits to `Poseidon::hash([secret])`;
//! 3. schema (shared variable in `C` and the statement) and expiry (`enforce_expiry`):
//!    `expiry - time < 2^64`;
//! 4. non-revocation (`enforce_non_revocation`): the leaf decomposes into 128 bits, bit
//!    `index mod 128` is 0, and the Merkle path along `index >> 7` leads to the statement's
//!    root; version 2 also enforces `index < capacity` (`enforce_capacity`);
//! 5. predicate on `v` (`enforce_predicate`, `enforce_predicate_v2`: one-hot operator;
//!    comparisons as 64-bit range checks; version 2's sets as the 16 values under their
//!    commitment and the product of `v - s_i`) and disclosure `disclosed_i = mask_i ·
//!    attribute_i` (`enforce_disclosure`);
//! 6. nullifier: version 1 `Poseidon::hash([secret, id, scope])` (`enforce_nullifier`),
//!    version 2 `Poseidon::hash([secret, scope])` (`enforce_holder_nullifier`);
//! 7. challenge: hashed into the statement (version 1) or squared (version 2: a public input
//!    in a constraint of its own).
//!
//! Version 2 computes every Poseidon sponge in its own domain ([`crate::domain`]).

use alloc::vec::Vec;

use ark_ec::AffineRepr;
use ark_ed_on_bls12_381::EdwardsAffine;
use ark_ff::{Field, Zero};
use ark_relations::gr1cs::{ConstraintSynthesizer, ConstraintSystemRef, SynthesisError};

use crate::{
	credential::{Credential, HolderSecret, SignedCredential, ATTRIBUTES},
	domain::{Purpose, Version},
	eddsa::{self, constraints::SignatureVar, PublicKey, Scalar, Signature},
	jubjub::constraints::PointVar,
	merkle::constraints::PathVar,
	poseidon::constraints::{hash, hash2, hash_tagged},
	r1cs::{Cs, Lc},
	statement::{
		as_u64, set, trusted_issuers, Issuer, Predicate, Statement, ISSUER_MODE_BIT, SET_CAPACITY,
		V2_ISSUER_MODE_BIT, V2_OPERATORS,
	},
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
	/// For a version-1 IN predicate, the attribute's path in the set's tree.
	pub set_membership: Option<set::Membership>,
	/// For a version-2 IN or NOT IN predicate, the set's values ([`set::padded`]).
	pub set_values: Option<[Fr; SET_CAPACITY]>,
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
			set_values: None,
			issuer_membership: None,
		}
	}

	/// Checks natively everything the circuit enforces, so a prover fails early with a
	/// precise error instead of producing a proof that does not verify.
	pub fn check(&self, statement: &Statement) -> Result<(), Error> {
		statement.validate()?;
		let signed = &self.credential;
		let credential = &signed.credential;
		if credential.version != statement.version {
			return Err(Error::WrongVersion("the credential is not of the statement's version"));
		}
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
		if credential.holder != self.holder_secret.commitment(credential.version) {
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
		if statement.version >= Version::V2 && credential.revocation_index >= statement.capacity {
			return Err(Error::IndexOutOfRange {
				index: credential.revocation_index,
				capacity: statement.capacity,
			});
		}
		status_tree::verify_witness(&self.non_revocation, &statement.revocation_root)?;
		let value = credential.attributes[usize::from(statement.slot)];
		let holds = match statement.version {
			Version::V1 => statement.predicate.holds(&value, self.set_membership.as_ref()),
			Version::V2 => statement.predicate.holds_v2(&value, self.set_values.as_ref()),
		};
		if !holds {
			return Err(Error::PredicateFalse);
		}
		for (disclosed, attribute) in statement.disclosed.iter().zip(&credential.attributes) {
			if disclosed.is_some_and(|d| d != *attribute) {
				return Err(Error::WitnessMismatch("a disclosed value is not the credential's"));
			}
		}
		let nullifier = self.holder_secret.nullifier_for(credential, &statement.scope);
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
	/// A circuit of `version` with a well-formed dummy statement and witness, for key
	/// generation and constraint counting: the constraints do not depend on values.
	pub fn blank(version: Version) -> Self {
		let issuer = PublicKey::generator();
		let statement = Statement {
			version,
			issuer: Issuer::Key(issuer),
			schema: Fr::zero(),
			time: 0,
			registry_id: 0,
			revocation_root: Fr::zero(),
			capacity: match version {
				Version::V1 => 0,
				Version::V2 => 1,
			},
			slot: 0,
			predicate: Predicate::Gte(0),
			disclosed: [None; ATTRIBUTES],
			challenge: Fr::zero(),
			scope: Fr::zero(),
			nullifier: Fr::zero(),
		};
		let credential = Credential {
			version,
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

	/// Synthesises the circuit of the statement's version into `cs`, returning the
	/// constraints per component.
	pub fn synthesize(&self, cs: &Cs) -> Result<ConstraintReport, SynthesisError> {
		match self.statement.version {
			Version::V1 => self.synthesize_v1(cs),
			Version::V2 => self.synthesize_v2(cs),
		}
	}

	/// Version 1. The steps allocate and constrain in this order, which fixes the keys: the
	/// public input, the statement's values, the holder's commitment, the credential, then
	/// the issuer, expiry, non-revocation, predicate, disclosure and nullifier, and the
	/// statement hash.
	fn synthesize_v1(&self, cs: &Cs) -> Result<ConstraintReport, SynthesisError> {
		let version = Version::V1;
		let mut report = Report::new(cs);
		let witness = &self.witness;
		// The one public input, allocated first: the statement hash.
		let statement_hash =
			cs.input(self.statement.hash().map_err(|_| SynthesisError::AssignmentMissing)?)?;
		let statement = StatementVars::witness(cs, &self.statement)?;
		report.mark(cs, "statement values");
		let (secret, credential, issuer) = self.enforce_credential(
			cs,
			version,
			&statement,
			&mut report,
			"issuer signature (EdDSA)",
		)?;
		let issuer_inputs =
			enforce_issuer(cs, &statement, &issuer, witness.issuer_membership.as_ref())?;
		report.mark(cs, "issuer key or tree");
		enforce_expiry(cs, &statement, &credential)?;
		report.mark(cs, "expiry");
		enforce_non_revocation(cs, &statement, &credential, &witness.non_revocation)?;
		report.mark(cs, "non-revocation");
		enforce_predicate(cs, &statement, &credential, witness.set_membership.as_ref())?;
		report.mark(cs, "predicate");
		let disclosed = enforce_disclosure(cs, &statement, &credential)?;
		report.mark(cs, "disclosure");
		let nullifier = enforce_nullifier(cs, secret, &credential, &statement)?;
		report.mark(cs, "nullifier");
		enforce_statement(cs, &statement_hash, statement, issuer_inputs, disclosed, nullifier)?;
		report.mark(cs, "statement hash");
		Ok(report.components)
	}

	/// Version 2. The order fixes the keys: the 22 public inputs and the code's decoding,
	/// the holder's commitment, the credential, then the issuer, expiry, non-revocation and
	/// capacity, predicate, disclosure, nullifier and challenge.
	fn synthesize_v2(&self, cs: &Cs) -> Result<ConstraintReport, SynthesisError> {
		let version = Version::V2;
		let mut report = Report::new(cs);
		let witness = &self.witness;
		let (statement, public) = StatementVars::inputs(cs, &self.statement)?;
		report.mark(cs, "statement inputs and code");
		let (secret, credential, issuer) = self.enforce_credential(
			cs,
			version,
			&statement,
			&mut report,
			"issuer signature (EdDSA, s < l)",
		)?;
		let (issuer_0, issuer_1) =
			enforce_issuer(cs, &statement, &issuer, witness.issuer_membership.as_ref())?;
		cs.enforce_equal(&issuer_0, &public.issuer_0)?;
		cs.enforce_equal(&issuer_1, &public.issuer_1)?;
		report.mark(cs, "issuer key or tree");
		enforce_expiry(cs, &statement, &credential)?;
		report.mark(cs, "expiry");
		enforce_non_revocation(cs, &statement, &credential, &witness.non_revocation)?;
		enforce_capacity(cs, &public.capacity, &credential)?;
		report.mark(cs, "non-revocation and capacity");
		enforce_predicate_v2(cs, &statement, &credential, witness.set_values.as_ref())?;
		report.mark(cs, "predicate");
		for ((mask, attribute), disclosed) in
			statement.mask_bits.iter().zip(&credential.attributes).zip(&public.disclosed)
		{
			cs.enforce(mask, attribute, disclosed)?;
		}
		report.mark(cs, "disclosure");
		let nullifier = enforce_holder_nullifier(cs, &secret, &statement.scope)?;
		cs.enforce_equal(&nullifier, &public.nullifier)?;
		report.mark(cs, "nullifier");
		// The challenge is in no other constraint: squaring it puts it in one, so the proof
		// binds it whatever the QAP reduction does with unused inputs.
		cs.mul(&statement.challenge, &statement.challenge)?;
		report.mark(cs, "challenge");
		Ok(report.components)
	}
}

impl PresentationCircuit {
	/// The steps both versions take after the statement, in order: the holder's commitment,
	/// the credential and its commitment, the issuer's signature (its report entry named
	/// `signature`). Returns the holder's secret, the credential and the issuer key.
	fn enforce_credential(
		&self,
		cs: &Cs,
		version: Version,
		statement: &StatementVars,
		report: &mut Report,
		signature: &'static str,
	) -> Result<(Lc, CredentialVars, PointVar), SynthesisError> {
		let witness = &self.witness;
		let (secret, holder) = enforce_holder(cs, version, &witness.holder_secret)?;
		report.mark(cs, "holder commitment");
		let credential = CredentialVars::witness(
			cs,
			version,
			&witness.credential.credential,
			statement,
			holder,
		)?;
		report.mark(cs, "credential commitment");
		let issuer = enforce_signature(cs, version, &witness.credential, &credential.commitment)?;
		report.mark(cs, signature);
		Ok((secret, credential, issuer))
	}
}

/// The constraints per component, counted as synthesis goes.
struct Report {
	components: ConstraintReport,
	last: usize,
}

impl Report {
	fn new(cs: &Cs) -> Self {
		Self { components: ConstraintReport::new(), last: cs.num_constraints() }
	}

	/// Ends component `name`: the constraints since the previous mark.
	fn mark(&mut self, cs: &Cs, name: &'static str) {
		let now = cs.num_constraints();
		self.components.push((name, now - self.last));
		self.last = now;
	}
}

/// The statement's values as witnesses, bound to the public input by [`enforce_statement`].
struct StatementVars {
	/// `k`: 1 for a trusted-issuer root, 0 for a key.
	trusted: Lc,
	schema: Lc,
	time: Lc,
	registry_id: Lc,
	revocation_root: Lc,
	p0: Lc,
	p1: Lc,
	challenge: Lc,
	scope: Lc,
	/// The slot's 3 bits.
	slot_bits: Vec<Lc>,
	/// The operator one-hot: `sel[k] = [op = k]`.
	sel: Vec<Lc>,
	/// The disclosure mask's bits.
	mask_bits: Vec<Lc>,
	/// `slot + 8 · op + 64 · mask + 2^14 · k`.
	code: Lc,
}

impl StatementVars {
	fn witness(cs: &Cs, statement: &Statement) -> Result<Self, SynthesisError> {
		let trusted = cs.boolean(statement.issuer.mode() == 1)?;
		let schema = cs.witness(statement.schema)?;
		let time = cs.witness(Fr::from(statement.time))?;
		let registry_id = cs.witness(Fr::from(statement.registry_id))?;
		let revocation_root = cs.witness(statement.revocation_root)?;
		let (p0_value, p1_value) = statement.predicate.params();
		let (p0, p1) = (cs.witness(p0_value)?, cs.witness(p1_value)?);
		let challenge = cs.witness(statement.challenge)?;
		let scope = cs.witness(statement.scope)?;
		let slot_bits = bits(cs, u64::from(statement.slot), 3)?;
		// sel_k ∈ {0, 1}, sum_k sel_k = 1.
		let op = statement.predicate.op();
		let sel = (0..8u8).map(|k| cs.boolean(op == k)).collect::<Result<Vec<_>, _>>()?;
		cs.enforce_equal(&Lc::sum(&sel), &Lc::one())?;
		let mask_bits = bits(cs, u64::from(statement.disclosure_mask()), ATTRIBUTES)?;
		// op = sum_k k · sel_k; code = slot + 8 · op + 64 · mask + 2^14 · k.
		let op_lc = Lc::sum(
			&sel.iter().enumerate().map(|(k, s)| s.scale(Fr::from(k as u64))).collect::<Vec<_>>(),
		);
		let code = Lc::from_bits_le(&slot_bits)
			.add(&op_lc.scale(Fr::from(8u64)))
			.add(&Lc::from_bits_le(&mask_bits).scale(Fr::from(64u64)))
			.add(&trusted.scale(Fr::from(1u64 << ISSUER_MODE_BIT)));
		Ok(Self {
			trusted,
			schema,
			time,
			registry_id,
			revocation_root,
			p0,
			p1,
			challenge,
			scope,
			slot_bits,
			sel,
			mask_bits,
			code,
		})
	}
}

/// The version-2 public inputs that [`StatementVars`] does not hold.
struct PublicVars {
	issuer_0: Lc,
	issuer_1: Lc,
	capacity: Lc,
	disclosed: Vec<Lc>,
	nullifier: Lc,
}

impl StatementVars {
	/// Version 2: allocates the public inputs ([`Statement::public_inputs`], in order),
	/// enforces the version input is 2, and decodes the code: slot bits, a one-hot operator
	/// of [`V2_OPERATORS`], mask bits and issuer mode, recomposed to the code input.
	fn inputs(cs: &Cs, statement: &Statement) -> Result<(Self, PublicVars), SynthesisError> {
		let values = statement.public_inputs().map_err(|_| SynthesisError::AssignmentMissing)?;
		let inputs = values.into_iter().map(|v| cs.input(v)).collect::<Result<Vec<_>, _>>()?;
		let [version, issuer_0, issuer_1, schema, time, registry_id, revocation_root, capacity, code, p0, p1, rest @ ..] =
			inputs.as_slice()
		else {
			return Err(SynthesisError::Unsatisfiable);
		};
		let [disclosed @ .., challenge, scope, nullifier] = rest else {
			return Err(SynthesisError::Unsatisfiable);
		};
		cs.enforce_equal(version, &Lc::constant(Fr::from(Version::V2.number())))?;
		let trusted = cs.boolean(statement.issuer.mode() == 1)?;
		let slot_bits = bits(cs, u64::from(statement.slot), 3)?;
		let op = statement.predicate.op();
		let sel = (0..V2_OPERATORS).map(|k| cs.boolean(op == k)).collect::<Result<Vec<_>, _>>()?;
		cs.enforce_equal(&Lc::sum(&sel), &Lc::one())?;
		let mask_bits = bits(cs, u64::from(statement.disclosure_mask()), ATTRIBUTES)?;
		// code = slot + 8 · op + 128 · mask + 2^15 · k, every part within its bits (op < 16).
		let op_lc = Lc::sum(
			&sel.iter().enumerate().map(|(k, s)| s.scale(Fr::from(k as u64))).collect::<Vec<_>>(),
		);
		let composed = Lc::from_bits_le(&slot_bits)
			.add(&op_lc.scale(Fr::from(8u64)))
			.add(&Lc::from_bits_le(&mask_bits).scale(Fr::from(128u64)))
			.add(&trusted.scale(Fr::from(1u64 << V2_ISSUER_MODE_BIT)));
		cs.enforce_equal(&composed, code)?;
		let vars = Self {
			trusted,
			schema: schema.clone(),
			time: time.clone(),
			registry_id: registry_id.clone(),
			revocation_root: revocation_root.clone(),
			p0: p0.clone(),
			p1: p1.clone(),
			challenge: challenge.clone(),
			scope: scope.clone(),
			slot_bits,
			sel,
			mask_bits,
			code: code.clone(),
		};
		let public = PublicVars {
			issuer_0: issuer_0.clone(),
			issuer_1: issuer_1.clone(),
			capacity: capacity.clone(),
			disclosed: disclosed.to_vec(),
			nullifier: nullifier.clone(),
		};
		Ok((vars, public))
	}
}

/// The `width` low bits of `value` as new booleans, little-endian.
fn bits(cs: &Cs, value: u64, width: usize) -> Result<Vec<Lc>, SynthesisError> {
	(0..width).map(|i| cs.boolean((value >> i) & 1 == 1)).collect()
}

/// The credential as witnesses, and its commitment `C`.
struct CredentialVars {
	id: Lc,
	expiry: Lc,
	/// The status-list index's bits, little-endian: its low 7 select the bit in the leaf,
	/// the others are the leaf's path.
	index_bits: Vec<Lc>,
	attributes: Vec<Lc>,
	commitment: Lc,
}

impl CredentialVars {
	/// Allocates `credential` with the statement's `schema` and `registry_id` and the holder
	/// commitment `holder`, and computes `C`.
	fn witness(
		cs: &Cs,
		version: Version,
		credential: &Credential,
		statement: &StatementVars,
		holder: Lc,
	) -> Result<Self, SynthesisError> {
		let id = cs.witness(credential.id)?;
		let expiry = cs.witness(Fr::from(credential.expiry))?;
		let index_bits = bits(cs, u64::from(credential.revocation_index), INDEX_BITS)?;
		let attributes =
			credential.attributes.iter().map(|a| cs.witness(*a)).collect::<Result<Vec<_>, _>>()?;
		// C = Poseidon::hash([schema, holder, id, expiry, registry_id, index, attributes..]).
		let mut inputs = alloc::vec![
			statement.schema.clone(),
			holder,
			id.clone(),
			expiry.clone(),
			statement.registry_id.clone(),
			Lc::from_bits_le(&index_bits),
		];
		inputs.extend(attributes.iter().cloned());
		let commitment = hash_tagged(cs, version.tag(Purpose::Credential), &inputs)?;
		Ok(Self { id, expiry, index_bits, attributes, commitment })
	}
}

/// (2) Holder: returns `(secret, holder)`, `holder = Poseidon::hash([secret])` in the
/// version's domain, the value the credential commits to.
fn enforce_holder(
	cs: &Cs,
	version: Version,
	holder_secret: &HolderSecret,
) -> Result<(Lc, Lc), SynthesisError> {
	let secret = cs.witness(holder_secret.value())?;
	let holder = hash_tagged(cs, version.tag(Purpose::Holder), core::slice::from_ref(&secret))?;
	Ok((secret, holder))
}

/// (1) Issuer signature: `s · B = R + h · A`, `h = Poseidon::hash([R.x, R.y, A.x, A.y, C])`,
/// with `A` the credential's issuer key, which it returns.
fn enforce_signature(
	cs: &Cs,
	version: Version,
	signed: &SignedCredential,
	commitment: &Lc,
) -> Result<PointVar, SynthesisError> {
	let issuer = PointVar::witness(cs, signed.issuer.point())?;
	let signature = SignatureVar::witness(cs, &signed.signature)?;
	eddsa::constraints::verify(cs, version, &issuer, commitment, &signature)?;
	Ok(issuer)
}

/// (1) Issuer: `A` as the statement names it, the statement hash's `(i_0, i_1)`.
///
/// For a key the path is unused and any path will do. In a tree, `A` is on the curve and in
/// the subgroup because the verifier's list holds only validated keys and Poseidon is
/// collision resistant.
fn enforce_issuer(
	cs: &Cs,
	statement: &StatementVars,
	issuer: &PointVar,
	membership: Option<&trusted_issuers::Membership>,
) -> Result<(Lc, Lc), SynthesisError> {
	// root = the root reached from hash2(A.x, A.y) along the key's path.
	let leaf = hash2(cs, &issuer.x, &issuer.y)?;
	let root = PathVar::witness(cs, &membership.cloned().unwrap_or_default())?.root(cs, &leaf)?;
	// (i_0, i_1) = k ? (root, 0) : (A.x, A.y): i_0 = A.x + k · (root - A.x),
	// i_1 = A.y - k · A.y.
	let trusted = &statement.trusted;
	let issuer_0 = issuer.x.add(&cs.mul(trusted, &root.sub(&issuer.x))?);
	let issuer_1 = issuer.y.sub(&cs.mul(trusted, &issuer.y)?);
	Ok((issuer_0, issuer_1))
}

/// (3) Not expired: `expiry - time ∈ [0, 2^64)`.
fn enforce_expiry(
	cs: &Cs,
	statement: &StatementVars,
	credential: &CredentialVars,
) -> Result<(), SynthesisError> {
	cs.range_check(&credential.expiry.sub(&statement.time), COMPARISON_BITS)
}

/// (4) Non-revocation of index `i` in the list with the statement's root.
fn enforce_non_revocation(
	cs: &Cs,
	statement: &StatementVars,
	credential: &CredentialVars,
	non_revocation: &NonRevocationWitness,
) -> Result<(), SynthesisError> {
	let (bit_in_leaf, leaf_position) = credential.index_bits.split_at(LEAF_INDEX_BITS);
	// leaf = sum_k b_k · 2^k over 128 booleans (so leaf < 2^128); b_{i mod 128} = 0.
	let leaf = cs.witness(non_revocation.leaf)?;
	let leaf_bits = cs.to_bits_le(&leaf, BITS_PER_LEAF as usize)?;
	let status_bit = cs.select_by_bits(bit_in_leaf, &leaf_bits)?;
	cs.enforce_equal(&status_bit, &Lc::zero())?;
	// The path along the bits of i >> 7, the credential's own index bits, reaches the root.
	let path = PathVar::with_directions(cs, leaf_position, &non_revocation.path)?;
	cs.enforce_equal(&path.root(cs, &leaf)?, &statement.revocation_root)
}

/// (4) Version 2: the index is below the registry's capacity, `capacity - 1 - index` in
/// `[0, 2^20)` (a capacity of 0, or at most the index, wraps around to a large element).
fn enforce_capacity(
	cs: &Cs,
	capacity: &Lc,
	credential: &CredentialVars,
) -> Result<(), SynthesisError> {
	let index = Lc::from_bits_le(&credential.index_bits);
	cs.range_check(&capacity.sub(&index).add_constant(-Fr::from(1u64)), INDEX_BITS)
}

/// (5) Version 2's predicate on `v = attributes[slot]`, the operator chosen by the one-hot
/// `sel` of [`V2_OPERATORS`]: version 1's, plus NOT BETWEEN (a boolean `below` picks
/// `v < lo` or `v > hi`), sets as their 16 values under the set commitment (IN: the product
/// of `v - s_i` is 0; NOT IN: it has an inverse) and NOOP (nothing).
fn enforce_predicate_v2(
	cs: &Cs,
	statement: &StatementVars,
	credential: &CredentialVars,
	set_values: Option<&[Fr; SET_CAPACITY]>,
) -> Result<(), SynthesisError> {
	let StatementVars { p0, p1, sel, .. } = statement;
	let v = cs.select_by_bits(&statement.slot_bits, &credential.attributes)?;
	let [eq, ne, lt, lte, gt, gte, between, is_in, not_between, not_in, _noop] = sel.as_slice()
	else {
		return Err(SynthesisError::Unsatisfiable);
	};
	// Comparisons read w = is_cmp · v, which must be below 2^64.
	let is_cmp = Lc::sum([lt, lte, gt, gte, between, not_between]);
	let w = cs.mul(&is_cmp, &v)?;
	cs.range_check(&w, COMPARISON_BITS)?;
	// NOT BETWEEN: below = [v < lo] (the prover's choice, boolean); nb_lo = not_between ·
	// below asks v < lo, nb_hi = not_between - nb_lo asks v > hi.
	let below_value = not_between.value() == Fr::from(1u64)
		&& as_u64(&v.value()).zip(as_u64(&p0.value())).is_some_and(|(v, lo)| v < lo);
	let below = cs.boolean(below_value)?;
	let nb_lo = cs.mul(not_between, &below)?;
	let nb_hi = not_between.sub(&nb_lo);
	// d1 = (lt + lte + nb_lo - gt - gte - between) · (p0 - w) - lt - gt - nb_lo, in
	// [0, 2^64): LT and NOT BETWEEN below: p0 - w - 1, LTE: p0 - w, GT: w - p0 - 1, GTE and
	// BETWEEN: w - p0; else 0.
	let direction = Lc::sum([lt, lte, &nb_lo]).sub(&Lc::sum([gt, gte, between]));
	let gap = p0.sub(&w);
	let strict = Lc::sum([lt, gt, &nb_lo]);
	let d1 = direction.value() * gap.value() - strict.value();
	let d1_bits = cs.witness_bits_le(&d1, COMPARISON_BITS)?;
	cs.enforce(&direction, &gap, &Lc::from_bits_le(&d1_bits).add(&strict))?;
	// d2 = (between - nb_hi) · (p1 - w) - nb_hi in [0, 2^64): BETWEEN: p1 - w, NOT BETWEEN
	// above: w - p1 - 1.
	let upper_direction = between.sub(&nb_hi);
	let upper_gap = p1.sub(&w);
	let d2 = upper_direction.value() * upper_gap.value() - nb_hi.value();
	let d2_bits = cs.witness_bits_le(&d2, COMPARISON_BITS)?;
	cs.enforce(&upper_direction, &upper_gap, &Lc::from_bits_le(&d2_bits).add(&nb_hi))?;
	// EQ: eq · (v - p0) = 0.
	let diff = v.sub(p0);
	cs.enforce(eq, &diff, &Lc::zero())?;
	// NE: t = ne · (v - p0) has an inverse when ne = 1: t · inv = ne.
	let t = cs.mul(ne, &diff)?;
	let inv = cs.witness(t.value().inverse().unwrap_or_else(Fr::zero))?;
	cs.enforce(&t, &inv, ne)?;
	// IN and NOT IN: the values hash to p0; z = prod_i (v - s_i) is 0 (IN) or invertible
	// (NOT IN).
	let values = set_values
		.unwrap_or(&[Fr::zero(); SET_CAPACITY])
		.iter()
		.map(|s| cs.witness(*s))
		.collect::<Result<Vec<_>, _>>()?;
	let commitment = hash_tagged(cs, Version::V2.tag(Purpose::Set), &values)?;
	cs.enforce(&Lc::sum([is_in, not_in]), &commitment.sub(p0), &Lc::zero())?;
	let mut product = v.sub(&values[0]);
	for value in &values[1..] {
		product = cs.mul(&product, &v.sub(value))?;
	}
	cs.enforce(is_in, &product, &Lc::zero())?;
	let t = cs.mul(not_in, &product)?;
	let inv = cs.witness(t.value().inverse().unwrap_or_else(Fr::zero))?;
	cs.enforce(&t, &inv, not_in)
}

/// (6) Version 2's nullifier, per holder: `Poseidon::hash([secret, scope])` in the
/// [`Purpose::Nullifier`] domain.
fn enforce_holder_nullifier(cs: &Cs, secret: &Lc, scope: &Lc) -> Result<Lc, SynthesisError> {
	hash_tagged(cs, Version::V2.tag(Purpose::Nullifier), &[secret.clone(), scope.clone()])
}

/// (5) Predicate on `v = attributes[slot]`, the operator chosen by the one-hot `sel`.
fn enforce_predicate(
	cs: &Cs,
	statement: &StatementVars,
	credential: &CredentialVars,
	membership: Option<&set::Membership>,
) -> Result<(), SynthesisError> {
	let StatementVars { p0, p1, sel, .. } = statement;
	let v = cs.select_by_bits(&statement.slot_bits, &credential.attributes)?;
	let [eq, ne, lt, lte, gt, gte, between, is_in] = sel.as_slice() else {
		return Err(SynthesisError::Unsatisfiable);
	};
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
	let diff = v.sub(p0);
	cs.enforce(eq, &diff, &Lc::zero())?;
	// NE: t = ne · (v - p0) has an inverse when ne = 1: t · inv = ne.
	let t = cs.mul(ne, &diff)?;
	let inv = cs.witness(t.value().inverse().unwrap_or_else(Fr::zero))?;
	cs.enforce(&t, &inv, ne)?;
	// IN: is_in · (root of v's set path - p0) = 0.
	let set_root = PathVar::witness(cs, &membership.cloned().unwrap_or_default())?.root(cs, &v)?;
	cs.enforce(is_in, &set_root.sub(p0), &Lc::zero())
}

/// (5) Disclosure: `disclosed_i = mask_i · attribute_i`.
fn enforce_disclosure(
	cs: &Cs,
	statement: &StatementVars,
	credential: &CredentialVars,
) -> Result<Vec<Lc>, SynthesisError> {
	statement.mask_bits.iter().zip(&credential.attributes).map(|(m, a)| cs.mul(m, a)).collect()
}

/// (6) Nullifier: `Poseidon::hash([secret, id, scope])`.
fn enforce_nullifier(
	cs: &Cs,
	secret: Lc,
	credential: &CredentialVars,
	statement: &StatementVars,
) -> Result<Lc, SynthesisError> {
	hash(cs, &[secret, credential.id.clone(), statement.scope.clone()])
}

/// (7) The statement hash equals the public input:
/// `Poseidon::hash([i_0, i_1, schema, time, registry_id, revocation_root, code, p0, p1,
/// disclosed_0..7, challenge, scope, nullifier])` ([`Statement::hash_inputs`]).
fn enforce_statement(
	cs: &Cs,
	statement_hash: &Lc,
	statement: StatementVars,
	(issuer_0, issuer_1): (Lc, Lc),
	disclosed: Vec<Lc>,
	nullifier: Lc,
) -> Result<(), SynthesisError> {
	let StatementVars {
		schema,
		time,
		registry_id,
		revocation_root,
		code,
		p0,
		p1,
		challenge,
		scope,
		..
	} = statement;
	let mut inputs =
		alloc::vec![issuer_0, issuer_1, schema, time, registry_id, revocation_root, code, p0, p1];
	inputs.extend(disclosed);
	inputs.extend([challenge, scope, nullifier]);
	cs.enforce_equal(&hash(cs, &inputs)?, statement_hash)
}

impl ConstraintSynthesizer<Fr> for PresentationCircuit {
	fn generate_constraints(self, cs: ConstraintSystemRef<Fr>) -> Result<(), SynthesisError> {
		self.synthesize(&Cs::new(cs)).map(|_| ())
	}
}

/// The constraints of `version`'s circuit per component and in total (synthesised on
/// [`PresentationCircuit::blank`]).
pub fn constraint_report(version: Version) -> Result<(ConstraintReport, usize), Error> {
	let cs = Cs::new(ark_relations::gr1cs::ConstraintSystem::<Fr>::new_ref());
	let report = PresentationCircuit::blank(version).synthesize(&cs)?;
	Ok((report, cs.num_constraints()))
}
