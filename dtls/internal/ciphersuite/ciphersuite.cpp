// pion: internal/ciphersuite/ciphersuite.go
#include "dtls/internal/ciphersuite/ciphersuite.hpp"

#include "chan/fmt.hpp"

namespace dtls::internal::ciphersuite {

// pion: internal/ciphersuite/ciphersuite.go ID.String
std::string String(ID i) {
  switch (i) {
    case TLS_ECDHE_ECDSA_WITH_AES_128_CCM:
      return "TLS_ECDHE_ECDSA_WITH_AES_128_CCM";
    case TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8:
      return "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8";
    case TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256:
      return "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
    case TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:
      return "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
    case TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA:
      return "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA";
    case TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA:
      return "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA";
    case TLS_PSK_WITH_AES_128_CCM:
      return "TLS_PSK_WITH_AES_128_CCM";
    case TLS_PSK_WITH_AES_128_CCM_8:
      return "TLS_PSK_WITH_AES_128_CCM_8";
    case TLS_PSK_WITH_AES_256_CCM_8:
      return "TLS_PSK_WITH_AES_256_CCM_8";
    case TLS_PSK_WITH_AES_128_GCM_SHA256:
      return "TLS_PSK_WITH_AES_128_GCM_SHA256";
    case TLS_PSK_WITH_AES_128_CBC_SHA256:
      return "TLS_PSK_WITH_AES_128_CBC_SHA256";
    case TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384:
      return "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
    case TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384:
      return "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
    case TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256:
      return "TLS_ECDHE_PSK_WITH_AES_128_CBC_SHA256";
    default:
      return go::fmt::Sprintf("unknown(%v)", static_cast<std::uint16_t>(i));
  }
}

}  // namespace dtls::internal::ciphersuite
