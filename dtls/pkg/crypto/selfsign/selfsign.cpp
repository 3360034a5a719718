// pion: pkg/crypto/selfsign/selfsign.go
#include "dtls/pkg/crypto/selfsign/selfsign.hpp"

#include <botan/ec_group.h>
#include <botan/ecdsa.h>
#include <botan/ed25519.h>
#include <botan/pkix_enums.h>
#include <botan/rsa.h>
#include <botan/system_rng.h>
#include <botan/x509_ext.h>
#include <botan/x509self.h>

#include <chrono>
#include <exception>

namespace dtls::pkg::crypto::selfsign {

namespace {

// time.Now().AddDate(0, 1, 0): same clock time one calendar month later, an
// out-of-range day normalised forward as Go does (Jan 31 -> Mar 3 or 2).
std::chrono::system_clock::time_point addOneMonth(std::chrono::system_clock::time_point now) {
  using namespace std::chrono;
  const auto day = floor<days>(now);
  const auto timeOfDay = now - day;
  const year_month_day ymd{day};
  const year_month_day next = ymd + months{1};
  // sys_days of an invalid y/m/d is y/m/1 + (d-1) days: Go's normalisation.
  return sys_days{next} + timeOfDay;
}

}  // namespace

// pion: pkg/crypto/selfsign/selfsign.go GenerateSelfSigned
// GenerateSelfSigned creates a self-signed certificate
std::pair<go::tls::Certificate, go::error> GenerateSelfSigned() {
  std::shared_ptr<Botan::Private_Key> priv;
  try {
    Botan::System_RNG rng;
    priv = std::make_shared<Botan::ECDSA_PrivateKey>(rng, Botan::EC_Group("secp256r1"));
  } catch (const std::exception& e) {
    return {go::tls::Certificate{}, go::errors::New(e.what())};
  }

  return SelfSign(priv);
}

// pion: pkg/crypto/selfsign/selfsign.go GenerateSelfSignedWithDNS
// GenerateSelfSignedWithDNS creates a self-signed certificate
std::pair<go::tls::Certificate, go::error> GenerateSelfSignedWithDNS(const std::string& cn,
                                                                     const std::vector<std::string>& sans) {
  std::shared_ptr<Botan::Private_Key> priv;
  try {
    Botan::System_RNG rng;
    priv = std::make_shared<Botan::ECDSA_PrivateKey>(rng, Botan::EC_Group("secp256r1"));
  } catch (const std::exception& e) {
    return {go::tls::Certificate{}, go::errors::New(e.what())};
  }

  return WithDNS(priv, cn, sans);
}

// pion: pkg/crypto/selfsign/selfsign.go SelfSign
// SelfSign creates a self-signed certificate from a elliptic curve key
std::pair<go::tls::Certificate, go::error> SelfSign(std::shared_ptr<Botan::Private_Key> key) {
  return WithDNS(std::move(key), "self-signed cert");
}

// pion: pkg/crypto/selfsign/selfsign.go WithDNS
// WithDNS creates a self-signed certificate from a elliptic curve key
std::pair<go::tls::Certificate, go::error> WithDNS(std::shared_ptr<Botan::Private_Key> key, const std::string& cn,
                                                   const std::vector<std::string>& sans) {
  // switch k := key.(type): the signature hash x509.CreateCertificate picks
  // for the key (SHA-256 for RSA and P-256, SHA-384 for P-384, SHA-512 for
  // P-521, none for Ed25519).
  std::string hashFn;
  bool isRSA = false;
  if (dynamic_cast<const Botan::Ed25519_PrivateKey*>(key.get()) != nullptr) {
    hashFn = "SHA-512";  // Botan signs Ed25519 certificates as PureEd25519; it only wants a valid hash name here
  } else if (const auto* ec = dynamic_cast<const Botan::ECDSA_PrivateKey*>(key.get()); ec != nullptr) {
    const std::size_t bits = ec->domain().get_p_bits();
    if (bits <= 256) {
      hashFn = "SHA-256";
    } else if (bits <= 384) {
      hashFn = "SHA-384";
    } else {
      hashFn = "SHA-512";
    }
  } else if (dynamic_cast<const Botan::RSA_PrivateKey*>(key.get()) != nullptr) {
    hashFn = "SHA-256";
    isRSA = true;
  } else {
    return {go::tls::Certificate{}, errInvalidPrivateKey};
  }

  try {
    Botan::System_RNG rng;

    // names := []string{cn}; names = append(names, sans...)
    Botan::X509_Cert_Options template_("", 0);
    template_.dns = cn;
    template_.more_dns = sans;

    int keyUsage = Botan::DIGITAL_SIGNATURE | Botan::KEY_CERT_SIGN;
    if (isRSA) {
      keyUsage |= Botan::KEY_ENCIPHERMENT;
    }
    // Botan would set KEY_CERT_SIGN|CRL_SIGN for a CA; placing Go's key usage
    // first keeps it (Botan only adds extensions not already present).
    template_.extensions.add_new(new Botan::Cert_Extension::Key_Usage(static_cast<Botan::Key_Constraints>(keyUsage)),
                                 true);

    // ExtKeyUsage: ClientAuth, ServerAuth
    template_.add_ex_constraint("PKIX.ClientAuth");
    template_.add_ex_constraint("PKIX.ServerAuth");
    // BasicConstraintsValid, IsCA, no path length limit (MaxPathLen 0 unset)
    template_.is_CA = true;
    template_.path_limit = Botan::Cert_Extension::NO_CERT_PATH_LIMIT;
    // NotBefore: time.Now(), NotAfter: time.Now().AddDate(0, 1, 0)
    const auto now = std::chrono::system_clock::now();
    template_.start = Botan::X509_Time(now);
    template_.end = Botan::X509_Time(addOneMonth(now));
    // Subject: pkix.Name{CommonName: cn}
    template_.common_name = cn;
    // SerialNumber: Botan draws a random serial itself (Go: random below 2^130).

    Botan::X509_Certificate leaf = Botan::X509::create_self_signed_cert(template_, *key, hashFn, rng);

    go::tls::Certificate out;
    out.chain.push_back(std::move(leaf));
    out.key = std::move(key);
    return {std::move(out), nullptr};
  } catch (const std::exception& e) {
    return {go::tls::Certificate{}, go::errors::New(e.what())};
  }
}

}  // namespace dtls::pkg::crypto::selfsign
