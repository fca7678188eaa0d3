//! The statement a presentation proves: everything public about it, and the proof's public
//! inputs — in version 1 the one field element it is hashed into, in version 2 its 22 values
//! themselves (see `docs/zk-credentials.md`).

use alloc::vec::Vec;

use ark_ff::{PrimeField, Zero};

use crate::{
	credential::ATTRIBUTES,
	domain::{Purpose, Version},
	eddsa::PublicKey,
	merkle, poseidon,
	status_tree::MAX_CAPACITY,
	Error, Fr,
};

/// Levels of the Merkle tree of an IN-predicate's set.
pub const SET_DEPTH: usize = 4;
/// The most values an IN-predicate's set holds: `2^SET_DEPTH`.
pub const SET_CAPACITY: usize = 1 << SET_DEPTH;
/// Levels of a trusted-issuer tree.
pub const ISSUER_DEPTH: usize = 5;
/// The most keys a trusted-issuer list holds: `2^ISSUER_DEPTH`.
pub const ISSUER_CAPACITY: usize = 1 << ISSUER_DEPTH;
/// The bit of a version-1 statement's code that says the issuer is a trusted-issuer root.
pub const ISSUER_MODE_BIT: u32 = 14;
/// The bit of a version-2 statement's code that says the issuer is a trusted-issuer root
/// (the operator takes 4 bits there, the mask starts at bit 7).
pub const V2_ISSUER_MODE_BIT: u32 = 15;
/// Inputs of the version-1 statement hash.
pub const STATEMENT_INPUTS: usize = 12 + ATTRIBUTES;
/// Public inputs of version 2: version, the issuer's two values, schema, time, registry,
/// revocation root, capacity, code, the predicate's two parameters, the disclosed
/// attributes, challenge, scope, nullifier.
pub const V2_PUBLIC_INPUTS: usize = 14 + ATTRIBUTES;
/// Operators of version 1 (codes 0 to 7); version 2 adds NOT BETWEEN, NOT IN and NOOP.
pub const V1_OPERATORS: u8 = 8;
/// Operators of version 2 (codes 0 to 10).
pub const V2_OPERATORS: u8 = 11;

/// A predicate on one attribute `v`. Comparisons are between integers below `2^64`: they
/// fail for an attribute at or above `2^64` (a hash, say). NOT BETWEEN, NOT IN and NOOP are
/// version 2's; IN's parameter is a set's [`set::root`] in version 1 and its
/// [`set::commitment`] in version 2.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Predicate {
	/// `v = x`.
	Eq(Fr),
	/// `v != x`.
	Ne(Fr),
	/// `v < x`.
	Lt(u64),
	/// `v <= x`.
	Lte(u64),
	/// `v > x`.
	Gt(u64),
	/// `v >= x`.
	Gte(u64),
	/// `lo <= v <= hi`.
	Between(u64, u64),
	/// `v` is in the set with this [`set::root`] (version 1) or [`set::commitment`]
	/// (version 2).
	In(Fr),
	/// `v < lo` or `v > hi` (version 2).
	NotBetween(u64, u64),
	/// `v` is not in the set with this [`set::commitment`] (version 2).
	NotIn(Fr),
	/// No predicate: the presentation only discloses (iden3's NOOP; version 2). Its slot is 0.
	Noop,
}

impl Predicate {
	/// The operator's code: EQ 0, NE 1, LT 2, LTE 3, GT 4, GTE 5, BETWEEN 6, IN 7,
	/// NOT BETWEEN 8, NOT IN 9, NOOP 10.
	pub fn op(&self) -> u8 {
		match self {
			Self::Eq(_) => 0,
			Self::Ne(_) => 1,
			Self::Lt(_) => 2,
			Self::Lte(_) => 3,
			Self::Gt(_) => 4,
			Self::Gte(_) => 5,
			Self::Between(..) => 6,
			Self::In(_) => 7,
			Self::NotBetween(..) => 8,
			Self::NotIn(_) => 9,
			Self::Noop => 10,
		}
	}

	/// The parameters `(p0, p1)` as field elements; `p1` is 0 except for the `hi` of BETWEEN
	/// and NOT BETWEEN.
	pub fn params(&self) -> (Fr, Fr) {
		match *self {
			Self::Eq(x) | Self::Ne(x) | Self::In(x) | Self::NotIn(x) => (x, Fr::zero()),
			Self::Lt(x) | Self::Lte(x) | Self::Gt(x) | Self::Gte(x) => (Fr::from(x), Fr::zero()),
			Self::Between(lo, hi) | Self::NotBetween(lo, hi) => (Fr::from(lo), Fr::from(hi)),
			Self::Noop => (Fr::zero(), Fr::zero()),
		}
	}

	/// Whether `value` satisfies the predicate in version 2, with the set's values for IN
	/// and NOT IN (which hold only if the values have the predicate's [`set::commitment`]).
	pub fn holds_v2(&self, value: &Fr, set_values: Option<&[Fr; SET_CAPACITY]>) -> bool {
		let committed = |commitment: Fr| {
			set_values.filter(|values| set::commitment_of_padded(values) == commitment)
		};
		match *self {
			Self::In(c) => committed(c).is_some_and(|values| values.contains(value)),
			Self::NotIn(c) => committed(c).is_some_and(|values| !values.contains(value)),
			_ => self.holds(value, None),
		}
	}

	/// Whether `value` satisfies the predicate; a version-1 IN predicate needs the
	/// membership proof; NOT IN needs [`Self::holds_v2`] and is false here.
	pub fn holds(&self, value: &Fr, membership: Option<&set::Membership>) -> bool {
		let small = as_u64(value);
		match *self {
			Self::Eq(x) => *value == x,
			Self::Ne(x) => *value != x,
			Self::Lt(x) => small.is_some_and(|v| v < x),
			Self::Lte(x) => small.is_some_and(|v| v <= x),
			Self::Gt(x) => small.is_some_and(|v| v > x),
			Self::Gte(x) => small.is_some_and(|v| v >= x),
			Self::Between(lo, hi) => small.is_some_and(|v| lo <= v && v <= hi),
			Self::In(root) => membership.is_some_and(|m| m.root(value) == root),
			Self::NotBetween(lo, hi) => small.is_some_and(|v| v < lo || v > hi),
			Self::NotIn(_) => false,
			Self::Noop => true,
		}
	}
}

/// `value` as an integer, if it is below `2^64`.
pub fn as_u64(value: &Fr) -> Option<u64> {
	match value.into_bigint().0 {
		[low, 0, 0, 0] => Some(low),
		_ => None,
	}
}

/// The sets of IN and NOT IN predicates. Version 1: a [`merkle`] tree of depth [`SET_DEPTH`]
/// whose leaves are the values, padded with the first ([`merkle::root`]). Version 2: the
/// Poseidon hash of the values padded to [`SET_CAPACITY`] with the first, in the
/// [`Purpose::Set`] domain ([`commitment`]); the circuit reads all 16 values, so it shows
/// non-membership as well as membership.
pub mod set {
	use super::*;

	/// The values padded to [`SET_CAPACITY`] by repeating the first (1 to
	/// [`SET_CAPACITY`] values; padding with a member changes no membership).
	pub fn padded(values: &[Fr]) -> Result<[Fr; SET_CAPACITY], Error> {
		let first = *values.first().ok_or(Error::InvalidSet)?;
		if values.len() > SET_CAPACITY {
			return Err(Error::InvalidSet);
		}
		let mut padded = [first; SET_CAPACITY];
		padded[..values.len()].copy_from_slice(values);
		Ok(padded)
	}

	/// The version-2 commitment of the set `values` (1 to [`SET_CAPACITY`] of them): the
	/// hash of [`padded`] in the [`Purpose::Set`] domain.
	pub fn commitment(values: &[Fr]) -> Result<Fr, Error> {
		Ok(commitment_of_padded(&padded(values)?))
	}

	/// [`commitment`] of values already [`padded`].
	pub fn commitment_of_padded(padded: &[Fr; SET_CAPACITY]) -> Fr {
		poseidon::hash_tagged(Version::V2.tag(Purpose::Set), padded)
	}

	/// A value's path in a set's tree.
	pub type Membership = merkle::Path<SET_DEPTH>;

	/// The root of the set `values` (1 to [`SET_CAPACITY`] of them).
	pub fn root(values: &[Fr]) -> Result<Fr, Error> {
		merkle::root::<SET_DEPTH>(values).ok_or(Error::InvalidSet)
	}

	/// The membership proof of `value` in `values`, or [`Error::PredicateFalse`].
	pub fn membership(values: &[Fr], value: &Fr) -> Result<Membership, Error> {
		if !merkle::holds::<SET_DEPTH>(values.len()) {
			return Err(Error::InvalidSet);
		}
		merkle::path::<SET_DEPTH>(values, value).ok_or(Error::PredicateFalse)
	}
}

/// Trusted-issuer lists: a [`merkle`] tree of depth [`ISSUER_DEPTH`] over the issuers' keys,
/// leaf `hash2(A.x, A.y)` for key `A`, in the list's slots; a slot without a key, and every
/// slot past the list, is the zero leaf, which no key has (that would take a Poseidon
/// preimage of 0), so it adds no member. A statement naming the root ([`Issuer::Trusted`])
/// accepts a credential from any key in the list without saying which. The chain keeps each
/// list's tree as a [`ListTree`] and updates one slot at a time.
pub mod trusted_issuers {
	use super::*;
	use alloc::vec::Vec;

	/// A key's path in a trusted-issuer tree.
	pub type Membership = merkle::Path<ISSUER_DEPTH>;

	/// The nodes of a [`ListTree`]: its [`ISSUER_CAPACITY`] leaves and every node above.
	pub const LIST_TREE_NODES: usize = 2 * ISSUER_CAPACITY - 1;

	/// The leaf of `key`: `hash2(A.x, A.y)`.
	pub fn leaf(key: &PublicKey) -> Fr {
		let (x, y) = key.coordinates();
		poseidon::hash2(&x, &y)
	}

	fn leaves(keys: &[PublicKey]) -> Vec<Fr> {
		keys.iter().map(leaf).collect()
	}

	/// The root of the list `keys` (1 to [`ISSUER_CAPACITY`] of them, in slot order: the
	/// order changes the root).
	pub fn root(keys: &[PublicKey]) -> Result<Fr, Error> {
		if !merkle::holds::<ISSUER_DEPTH>(keys.len()) {
			return Err(Error::InvalidTrustedIssuers);
		}
		Ok(ListTree::from_leaves(&leaves(keys))?.root())
	}

	/// The path of `key` in the list `keys`, or [`Error::UntrustedIssuer`].
	pub fn membership(keys: &[PublicKey], key: &PublicKey) -> Result<Membership, Error> {
		if !merkle::holds::<ISSUER_DEPTH>(keys.len()) {
			return Err(Error::InvalidTrustedIssuers);
		}
		let slot = keys.iter().position(|k| k == key).ok_or(Error::UntrustedIssuer)?;
		ListTree::from_leaves(&leaves(keys))?.path(slot).ok_or(Error::UntrustedIssuer)
	}

	/// A trusted-issuer tree with every node kept, so changing one slot rehashes only its
	/// path ([`ISSUER_DEPTH`] compressions). Nodes are stored level by level from the
	/// leaves: level `l` holds `2^(ISSUER_DEPTH - l)` nodes from index
	/// `2^(ISSUER_DEPTH + 1) - 2^(ISSUER_DEPTH + 1 - l)`; the last node is the root.
	#[derive(Clone, Debug, PartialEq, Eq)]
	pub struct ListTree {
		nodes: [Fr; LIST_TREE_NODES],
	}

	/// Where level `level`'s nodes start.
	fn offset(level: usize) -> usize {
		(2 << ISSUER_DEPTH) - (2 << (ISSUER_DEPTH - level))
	}

	impl ListTree {
		/// The tree of an empty list: every leaf zero.
		pub fn empty() -> Self {
			let padding = merkle::padding(Fr::zero(), ISSUER_DEPTH);
			let mut nodes = [Fr::zero(); LIST_TREE_NODES];
			for (level, node) in padding.iter().enumerate() {
				let start = offset(level);
				nodes[start..start + (ISSUER_CAPACITY >> level)].fill(*node);
			}
			Self { nodes }
		}

		/// The tree whose first slots hold `leaves` (at most [`ISSUER_CAPACITY`]), the
		/// others zero.
		pub fn from_leaves(leaves: &[Fr]) -> Result<Self, Error> {
			let tree = merkle::Tree::<ISSUER_DEPTH>::new(
				leaves.to_vec(),
				merkle::padding(Fr::zero(), ISSUER_DEPTH),
			)
			.ok_or(Error::InvalidTrustedIssuers)?;
			let mut nodes = [Fr::zero(); LIST_TREE_NODES];
			for level in 0..=ISSUER_DEPTH {
				for position in 0..ISSUER_CAPACITY >> level {
					nodes[offset(level) + position] = tree.node(level, position);
				}
			}
			Ok(Self { nodes })
		}

		/// The tree with these nodes, as [`Self::nodes`] gave them. Nothing is checked:
		/// only for nodes this type computed (the chain's stored trees).
		pub fn from_nodes(nodes: [Fr; LIST_TREE_NODES]) -> Self {
			Self { nodes }
		}

		/// Every node, leaves first, root last.
		pub fn nodes(&self) -> &[Fr; LIST_TREE_NODES] {
			&self.nodes
		}

		/// The root.
		pub fn root(&self) -> Fr {
			self.nodes[LIST_TREE_NODES - 1]
		}

		/// The leaf in `slot` (zero for an empty slot); `None` past [`ISSUER_CAPACITY`].
		pub fn leaf(&self, slot: usize) -> Option<Fr> {
			self.nodes[..ISSUER_CAPACITY].get(slot).copied()
		}

		/// Puts `leaf` (zero to empty the slot) in `slot` and rehashes its path; returns the
		/// new root. [`Error::InvalidTrustedIssuers`] past [`ISSUER_CAPACITY`].
		pub fn set(&mut self, slot: usize, leaf: Fr) -> Result<Fr, Error> {
			if slot >= ISSUER_CAPACITY {
				return Err(Error::InvalidTrustedIssuers);
			}
			self.nodes[slot] = leaf;
			let mut position = slot;
			for level in 0..ISSUER_DEPTH {
				let left = offset(level) + (position & !1);
				let parent = poseidon::hash2(&self.nodes[left], &self.nodes[left + 1]);
				position >>= 1;
				self.nodes[offset(level + 1) + position] = parent;
			}
			Ok(self.root())
		}

		/// The path of `slot`; `None` past [`ISSUER_CAPACITY`].
		pub fn path(&self, slot: usize) -> Option<Membership> {
			if slot >= ISSUER_CAPACITY {
				return None;
			}
			let mut siblings = [Fr::zero(); ISSUER_DEPTH];
			for (level, sibling) in siblings.iter_mut().enumerate() {
				*sibling = self.nodes[offset(level) + ((slot >> level) ^ 1)];
			}
			Some(Membership { position: u32::try_from(slot).ok()?, siblings })
		}
	}
}

/// Whom a statement accepts as the credential's issuer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Issuer {
	/// This key: the proof shows the credential is signed by it.
	Key(PublicKey),
	/// Any key of the trusted-issuer list with this [`trusted_issuers::root`]: the proof
	/// shows the credential is signed by one of them and hides which.
	Trusted(Fr),
}

impl Issuer {
	/// The first two statement-hash inputs: `(A.x, A.y)` for a key, `(root, 0)` for a list.
	pub fn hash_inputs(&self) -> (Fr, Fr) {
		match self {
			Self::Key(key) => key.coordinates(),
			Self::Trusted(root) => (*root, Fr::zero()),
		}
	}

	/// 1 for a trusted-issuer root, 0 for a key: the bit at [`ISSUER_MODE_BIT`] of the
	/// statement's code.
	pub fn mode(&self) -> u64 {
		u64::from(matches!(self, Self::Trusted(_)))
	}
}

/// What a presentation proves, all public. The holder proves that it holds a credential of
/// circuit version `version` signed by `issuer` (a key, or any key of a trusted-issuer
/// list), of schema `schema`, bound to its secret, valid at `time`, not revoked in registry
/// `registry_id` whose status root is `revocation_root` (and, from version 2, with an index
/// below the registry's `capacity`), whose attribute `slot` satisfies `predicate`, whose
/// attributes equal the `disclosed` ones, and that `nullifier` is its nullifier for `scope`;
/// `challenge` ties the proof to this verifier's request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
	/// The circuit version: the statement's layout and the credential's format.
	pub version: Version,
	/// The issuer's key, or the root of the trusted issuers' keys.
	pub issuer: Issuer,
	/// The schema id.
	pub schema: Fr,
	/// The verifier's time (Unix seconds): the credential must not be expired at it.
	pub time: u64,
	/// The revocation registry of the credential.
	pub registry_id: u64,
	/// That registry's current status-tree root.
	pub revocation_root: Fr,
	/// That registry's capacity (version 2: 1 to `MAX_CAPACITY`; version 1 has none: 0).
	pub capacity: u32,
	/// The attribute slot the predicate is on (`< ATTRIBUTES`).
	pub slot: u8,
	/// The predicate.
	pub predicate: Predicate,
	/// The disclosed attributes: `Some(value)` for each slot disclosed.
	pub disclosed: [Option<Fr>; ATTRIBUTES],
	/// The verifier's challenge (a fresh random element per request).
	pub challenge: Fr,
	/// The nullifier's scope (e.g. the hash of an application or election id).
	pub scope: Fr,
	/// The holder's nullifier for `scope` ([`crate::credential::HolderSecret::nullifier_for`]).
	pub nullifier: Fr,
}

impl Statement {
	/// Checks the statement is well formed: `slot < ATTRIBUTES`; in version 1 no version-2
	/// operator and no capacity; in version 2 a capacity from 1 to `MAX_CAPACITY`, ranges
	/// with `lo <= hi`, and slot 0 for NOOP.
	pub fn validate(&self) -> Result<(), Error> {
		if usize::from(self.slot) >= ATTRIBUTES {
			return Err(Error::InvalidStatement("the predicate's attribute slot is out of range"));
		}
		match self.version {
			Version::V1 => {
				if self.predicate.op() >= V1_OPERATORS {
					return Err(Error::InvalidStatement(
						"version 1 has no NOT BETWEEN, NOT IN or NOOP predicate",
					));
				}
				if self.capacity != 0 {
					return Err(Error::InvalidStatement("a version-1 statement has no capacity"));
				}
			},
			Version::V2 => {
				if self.capacity == 0 || self.capacity > MAX_CAPACITY {
					return Err(Error::InvalidStatement("the capacity is not 1 to 2^20"));
				}
				match self.predicate {
					Predicate::Between(lo, hi) | Predicate::NotBetween(lo, hi) if lo > hi => {
						return Err(Error::InvalidStatement(
							"a range's lower bound is above its upper",
						));
					},
					Predicate::Noop if self.slot != 0 => {
						return Err(Error::InvalidStatement("a NOOP predicate's slot is 0"));
					},
					_ => {},
				}
			},
		}
		Ok(())
	}

	/// The disclosure mask: bit `i` set iff slot `i` is disclosed.
	pub fn disclosure_mask(&self) -> u8 {
		self.disclosed.iter().enumerate().fold(0u8, |mask, (i, d)| {
			if d.is_some() {
				mask | (1 << i)
			} else {
				mask
			}
		})
	}

	/// Slot, operator, disclosure mask and whether the issuer is a trusted-issuer root, in
	/// one element: `slot + 8 · op + 64 · mask + 2^14 · issuer_mode` in version 1 (3 operator
	/// bits), `slot + 8 · op + 128 · mask + 2^15 · issuer_mode` in version 2 (4).
	pub fn code(&self) -> Fr {
		let (mask_shift, mode_bit) = match self.version {
			Version::V1 => (6, ISSUER_MODE_BIT),
			Version::V2 => (7, V2_ISSUER_MODE_BIT),
		};
		Fr::from(
			u64::from(self.slot)
				+ 8 * u64::from(self.predicate.op())
				+ (u64::from(self.disclosure_mask()) << mask_shift)
				+ (self.issuer.mode() << mode_bit),
		)
	}

	/// The proof's public inputs: `[hash]` ([`Self::hash`]) in version 1; in version 2, in
	/// order, `[2, i_0, i_1, schema, time, registry_id, revocation_root, capacity, code, p0,
	/// p1, disclosed_0 .. disclosed_7 (0 where not disclosed), challenge, scope, nullifier]`
	/// ([`V2_PUBLIC_INPUTS`]), `(i_0, i_1)` the [`Issuer::hash_inputs`]. Version 2 hashes
	/// nothing: a verifier (the chain) pays no Poseidon hash, only a longer multi-scalar
	/// multiplication.
	pub fn public_inputs(&self) -> Result<Vec<Fr>, Error> {
		self.validate()?;
		if self.version == Version::V1 {
			return Ok(alloc::vec![self.hash()?]);
		}
		let (i0, i1) = self.issuer.hash_inputs();
		let (p0, p1) = self.predicate.params();
		let mut inputs = Vec::with_capacity(V2_PUBLIC_INPUTS);
		inputs.extend([
			Fr::from(self.version.number()),
			i0,
			i1,
			self.schema,
			Fr::from(self.time),
			Fr::from(self.registry_id),
			self.revocation_root,
			Fr::from(self.capacity),
			self.code(),
			p0,
			p1,
		]);
		inputs.extend(self.disclosed.iter().map(|d| d.unwrap_or_else(Fr::zero)));
		inputs.extend([self.challenge, self.scope, self.nullifier]);
		Ok(inputs)
	}

	/// The version-1 statement hash's inputs, in order:
	/// `[i_0, i_1, schema, time, registry_id, revocation_root, code, p0, p1,
	///   disclosed_0 .. disclosed_7 (0 where not disclosed), challenge, scope, nullifier]`,
	/// `(i_0, i_1)` the [`Issuer::hash_inputs`].
	pub fn hash_inputs(&self) -> Result<[Fr; STATEMENT_INPUTS], Error> {
		self.validate()?;
		if self.version != Version::V1 {
			return Err(Error::WrongVersion("only version-1 statements are hashed"));
		}
		let (ax, ay) = self.issuer.hash_inputs();
		let (p0, p1) = self.predicate.params();
		let mut inputs = [Fr::zero(); STATEMENT_INPUTS];
		inputs[..9].copy_from_slice(&[
			ax,
			ay,
			self.schema,
			Fr::from(self.time),
			Fr::from(self.registry_id),
			self.revocation_root,
			self.code(),
			p0,
			p1,
		]);
		for (input, disclosed) in inputs[9..9 + ATTRIBUTES].iter_mut().zip(&self.disclosed) {
			*input = disclosed.unwrap_or_else(Fr::zero);
		}
		inputs[9 + ATTRIBUTES..].copy_from_slice(&[self.challenge, self.scope, self.nullifier]);
		Ok(inputs)
	}

	/// Version 1's public input: `Poseidon::hash(hash_inputs)`.
	pub fn hash(&self) -> Result<Fr, Error> {
		Ok(poseidon::hash(&self.hash_inputs()?))
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn set_membership_round_trips() {
		let values: alloc::vec::Vec<Fr> = (10..15u64).map(Fr::from).collect();
		let root = set::root(&values).expect("valid input");
		for value in &values {
			let m = set::membership(&values, value).expect("valid input");
			assert_eq!(m.root(value), root);
			assert!(Predicate::In(root).holds(value, Some(&m)));
			assert!(!Predicate::In(root).holds(&Fr::from(99u64), Some(&m)));
		}
		assert_eq!(set::membership(&values, &Fr::from(99u64)), Err(Error::PredicateFalse));
		assert_eq!(set::root(&[]), Err(Error::InvalidSet));
		assert_eq!(set::root(&[Fr::zero(); SET_CAPACITY + 1]), Err(Error::InvalidSet));
	}

	#[test]
	fn list_tree_updates_match_a_fresh_tree() {
		use trusted_issuers::ListTree;
		let empty = ListTree::empty();
		assert_eq!(empty, ListTree::from_leaves(&[]).expect("fits"));
		let mut tree = empty.clone();
		let mut leaves = alloc::vec![Fr::zero(); ISSUER_CAPACITY];
		for (slot, value) in [(0usize, 5u64), (31, 6), (7, 7), (0, 8), (7, 0)] {
			leaves[slot] = Fr::from(value);
			let root = tree.set(slot, Fr::from(value)).expect("in range");
			let fresh = ListTree::from_leaves(&leaves).expect("fits");
			assert_eq!(tree, fresh, "after slot {slot}");
			assert_eq!(root, fresh.root());
			for (s, leaf) in leaves.iter().enumerate() {
				let path = tree.path(s).expect("in range");
				assert_eq!(path.root(leaf), root, "slot {s}");
			}
		}
		assert_eq!(tree.set(ISSUER_CAPACITY, Fr::zero()), Err(Error::InvalidTrustedIssuers));
		assert!(tree.path(ISSUER_CAPACITY).is_none());
		assert!(tree.leaf(ISSUER_CAPACITY).is_none());
		assert_eq!(ListTree::from_nodes(*tree.nodes()), tree);
		assert_eq!(
			ListTree::from_leaves(&[Fr::zero(); ISSUER_CAPACITY + 1]),
			Err(Error::InvalidTrustedIssuers)
		);
	}

	#[test]
	fn comparisons_at_the_boundaries() {
		let max = u64::MAX;
		let v = |x: u64| Fr::from(x);
		assert!(Predicate::Lt(1).holds(&v(0), None));
		assert!(!Predicate::Lt(0).holds(&v(0), None));
		assert!(Predicate::Lte(0).holds(&v(0), None));
		assert!(Predicate::Gt(max - 1).holds(&v(max), None));
		assert!(!Predicate::Gt(max).holds(&v(max), None));
		assert!(Predicate::Gte(max).holds(&v(max), None));
		assert!(Predicate::Between(5, 5).holds(&v(5), None));
		assert!(!Predicate::Between(5, 6).holds(&v(4), None));
		assert!(!Predicate::Gte(0).holds(&(v(max) + v(1)), None), "not below 2^64");
		assert!(Predicate::NotBetween(5, 6).holds(&v(4), None));
		assert!(Predicate::NotBetween(5, 6).holds(&v(7), None));
		assert!(!Predicate::NotBetween(5, 6).holds(&v(5), None));
		assert!(!Predicate::NotBetween(5, 6).holds(&v(6), None));
		assert!(!Predicate::NotBetween(0, 1).holds(&(v(max) + v(1)), None), "not below 2^64");
		assert!(Predicate::Noop.holds(&(v(max) + v(1)), None));
	}

	#[test]
	fn set_commitments_show_membership_and_non_membership() {
		let values: alloc::vec::Vec<Fr> = (10..15u64).map(Fr::from).collect();
		let commitment = set::commitment(&values).expect("valid input");
		let padded = set::padded(&values).expect("valid input");
		assert_eq!(padded[15], values[0]);
		assert_eq!(set::commitment_of_padded(&padded), commitment);
		assert_ne!(commitment, set::root(&values).expect("valid input"), "versions differ");
		assert!(Predicate::In(commitment).holds_v2(&Fr::from(12u64), Some(&padded)));
		assert!(!Predicate::In(commitment).holds_v2(&Fr::from(99u64), Some(&padded)));
		assert!(Predicate::NotIn(commitment).holds_v2(&Fr::from(99u64), Some(&padded)));
		assert!(!Predicate::NotIn(commitment).holds_v2(&Fr::from(12u64), Some(&padded)));
		// Values of another set: neither holds.
		let other = set::padded(&[Fr::from(1u64)]).expect("valid input");
		assert!(!Predicate::NotIn(commitment).holds_v2(&Fr::from(99u64), Some(&other)));
		assert!(!Predicate::NotIn(commitment).holds_v2(&Fr::from(99u64), None));
		assert_eq!(set::padded(&[]), Err(Error::InvalidSet));
		assert_eq!(set::commitment(&[Fr::zero(); SET_CAPACITY + 1]), Err(Error::InvalidSet));
	}
}
